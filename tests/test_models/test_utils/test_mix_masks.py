import torch

from mars_mm.models.utils.mix_masks import (box_from_props, box_mask,
                                            class_mix_mask, mix)


def test_box_from_props_by_hand():
    # 8 x 10 mask, box 0.5 x 0.4 -> 4 rows x 4 cols; free rows 4 x 0.5 = 2,
    # free cols 6 x 1.0 = 6.
    mask = box_from_props(8, 10, 0.5, 0.4, 0.5, 1.0)
    expected = torch.zeros(8, 10)
    expected[2:6, 6:10] = 1
    assert torch.equal(mask, expected)


def test_mix_by_hand():
    mask = torch.tensor([[[1.0, 0.0]]])
    first = torch.tensor([[[[1.0, 2.0]], [[3.0, 4.0]]]])
    second = torch.tensor([[[[5.0, 6.0]], [[7.0, 8.0]]]])
    assert torch.equal(mix(mask, first, second),
                       torch.tensor([[[[1.0, 6.0]], [[3.0, 8.0]]]]))
    assert torch.equal(mix(mask, first[:, 0], second[:, 0]),
                       torch.tensor([[[1.0, 6.0]]]))


def test_box_masks_have_the_area_and_one_box():
    masks = box_mask(64, 40, 50, area=0.5,
                     generator=torch.Generator().manual_seed(0))
    assert masks.shape == (64, 40, 50)
    assert set(masks.unique().tolist()) <= {0.0, 1.0}
    for mask in masks:
        rows = mask.any(dim=1).nonzero().flatten()
        cols = mask.any(dim=0).nonzero().flatten()
        # One rectangle: every pixel between its extreme rows/cols is in.
        assert mask.sum() == len(rows) * len(cols)
        assert rows.max() - rows.min() + 1 == len(rows)
        assert 20 <= len(rows) <= 40 and 25 <= len(cols) <= 50
        # Area 0.5 up to the rounding of both sides.
        assert abs(mask.mean().item() - 0.5) < 0.05


def test_class_mix_masks_take_half_of_the_classes_whole():
    pred = torch.tensor([[[0, 0, 1, 1], [2, 2, 1, 0]],
                         [[3, 3, 3, 3], [3, 3, 3, 3]]])
    region = torch.ones_like(pred, dtype=torch.bool)
    region[0, 1, 0:2] = False  # class 2 only outside the region
    masks = class_mix_mask(pred, region,
                           torch.Generator().manual_seed(0))
    # Image 0: classes {0, 1} in the region -> ceil(2/2) = 1 of them, whole.
    chosen = pred[0][masks[0] == 1].unique().tolist()
    assert len(chosen) == 1 and chosen[0] in (0, 1)
    assert torch.equal(masks[0] == 1, pred[0] == chosen[0])
    # Image 1: one class -> ceil(1/2) = 1: the whole image.
    assert masks[1].eq(1).all()
