import pytest
import torch
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

import mars_mm  # noqa: F401
from mars_mm.models.losses import SupervisedContrastiveLoss


def test_supcon_model_uses_every_view_with_its_label():
    model = MODELS.build(
        dict(
            type='SupCon',
            backbone=dict(type='ResNet', depth=18, base_channels=8,
                          stem_channels=8),
            neck=dict(type='NonLinearNeck', in_channels=64, hid_channels=32,
                      out_channels=16),
            loss=dict(type='SupervisedContrastiveLoss', temperature=0.5)))
    model.eval()  # fixed BatchNorm statistics: both forwards agree
    views = [torch.rand(3, 3, 32, 32), torch.rand(3, 3, 32, 32)]
    samples = [DataSample().set_gt_label(y) for y in (0, 1, 0)]
    out = model.loss(views, samples)['loss']
    z = model.neck(model.backbone(torch.cat(views)))[0]
    expected = SupervisedContrastiveLoss(temperature=0.5)(
        z, torch.tensor([0, 1, 0, 0, 1, 0]))
    assert out.item() == pytest.approx(expected.item(), rel=1e-5)
