import random

import numpy as np
import pytest
import torch
from mmcv.transforms import Compose
from mmengine.registry import DefaultScope
from mmpretrain.registry import TRANSFORMS

import mars_mm  # noqa: F401  (registers StrongView)

# The paper's strong view (Sec. 6.1) written out as the stock transforms the
# configs listed before StrongView existed.
_SEQUENCE = [
    dict(type='RandomResizedCrop', scale=32, crop_ratio_range=(0.2, 1.0),
         backend='pillow'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='Rotate', magnitude_range=(0, 30), magnitude_std='inf',
         pad_val=(128, 128, 128), prob=0.5),
    dict(type='RandomApply',
         transforms=[dict(type='ColorJitter', brightness=0.4, contrast=0.4,
                          saturation=0.4, hue=0.1)],
         prob=0.8),
    dict(type='RandomGrayscale', prob=0.2, keep_channels=True,
         channel_weights=(0.114, 0.587, 0.2989)),
    dict(type='GaussianBlur', magnitude_range=(0.1, 2.0),
         magnitude_std='inf', prob=0.5),
]


def _view(transform, seed):
    np.random.seed(seed)
    random.seed(seed)
    torch.manual_seed(seed)
    img = np.random.default_rng(1).integers(0, 255, (40, 48, 3), np.uint8)
    return transform(dict(img=img, img_shape=img.shape[:2]))['img']


@pytest.mark.filterwarnings('ignore:Only use')
def test_draws_the_same_views_as_the_written_out_sequence():
    # Built outside any default scope: it must not depend on one.
    strong_view = TRANSFORMS.build(dict(type='StrongView', scale=32))
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        sequence = Compose(_SEQUENCE)
    views = [_view(strong_view, seed) for seed in range(20)]
    for seed, view in enumerate(views):
        np.testing.assert_array_equal(view, _view(sequence, seed))
    assert views[0].shape == (32, 32, 3)
    # Random: not one fixed output.
    assert any((view != views[0]).any() for view in views[1:])


def test_arguments_reach_their_transforms():
    strong_view = TRANSFORMS.build(
        dict(type='StrongView', scale=64, crop_ratio_range=(0.5, 1.0),
             flip_prob=0.0, max_rotation=10, hue=0.0))
    crop, flip, rotate, jitter = strong_view.transforms[:4]
    assert crop.scale == (64, 64)
    assert crop.crop_ratio_range == (0.5, 1.0)
    assert flip.prob == 0.0
    assert rotate.magnitude_range == (0, 10)
    # ColorJitter turns a zero jitter off.
    assert jitter.transforms.transforms[0].hue is None
    default = TRANSFORMS.build(dict(type='StrongView', scale=64))
    assert default.transforms[1].prob == 0.5
    assert default.transforms[3].transforms.transforms[0].hue == (-0.1, 0.1)
    assert 'hue=0.0' in repr(strong_view)
    assert 'flip_prob=0.0' in repr(strong_view)


def _left_to_right(transform, seed):
    """How much brighter a view's right edge is than its left edge, for a
    ramp that brightens to the right: negative where the view is mirrored."""
    ramp = np.tile(np.linspace(0, 250, 48, dtype=np.uint8), (40, 1))
    img = np.stack([ramp] * 3, axis=-1)
    np.random.seed(seed)
    random.seed(seed)
    torch.manual_seed(seed)
    view = transform(dict(img=img, img_shape=img.shape[:2]))['img']
    row = view[16].astype(float).mean(axis=-1)
    return row[-4:].mean() - row[:4].mean()


def test_unflipped_views_are_never_mirrored():
    unflipped, paper = (
        TRANSFORMS.build(
            dict(type='StrongView', scale=32, crop_ratio_range=(1.0, 1.0),
                 max_rotation=0, **flip)) for flip in ({'flip_prob': 0.0}, {}))
    assert all(_left_to_right(unflipped, seed) > 0 for seed in range(20))
    # The paper's view mirrors some of the same draws.
    assert any(_left_to_right(paper, seed) < 0 for seed in range(20))
