import numpy as np
import pytest
import torch
from mmpretrain.registry import TRANSFORMS

import mars_mm  # noqa: F401  (registers SetStream)


def _image():
    return np.random.default_rng(0).integers(0, 255, (8, 8, 3), np.uint8)


def test_tags_the_packed_sample():
    pipeline = [
        TRANSFORMS.build(dict(type='PackInputs')),
        TRANSFORMS.build(dict(type='SetStream', stream='inter_class'))
    ]
    results = dict(img=_image(), gt_label=3)
    for transform in pipeline:
        results = transform(results)
    assert results['data_samples'].metainfo['stream'] == 'inter_class'
    assert results['data_samples'].gt_label.tolist() == [3]


def test_tags_a_multi_view_sample():
    pipeline = [
        TRANSFORMS.build(
            dict(
                type='MultiView',
                num_views=2,
                transforms=[[dict(type='RandomFlip', prob=1.0)]])),
        TRANSFORMS.build(dict(type='PackInputs')),
        TRANSFORMS.build(dict(type='SetStream', stream='unsup'))
    ]
    results = dict(img=_image())
    for transform in pipeline:
        results = transform(results)
    assert len(results['inputs']) == 2
    assert isinstance(results['inputs'][0], torch.Tensor)
    assert results['data_samples'].metainfo['stream'] == 'unsup'


def test_bad_use_is_rejected():
    with pytest.raises(ValueError, match='stream must be one of'):
        TRANSFORMS.build(dict(type='SetStream', stream='labelled'))
    with pytest.raises(KeyError, match='after PackInputs|follow PackInputs'):
        TRANSFORMS.build(dict(type='SetStream', stream='sup'))(
            dict(img=_image()))
