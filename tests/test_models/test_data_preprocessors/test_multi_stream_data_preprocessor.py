import numpy as np
import pytest
import torch
from mmpretrain.models import ClsDataPreprocessor
from mmpretrain.structures import DataSample

from mars_mm.models.data_preprocessors import MultiStreamDataPreprocessor

MEAN, STD = [10.0, 20.0, 30.0], [2.0, 4.0, 5.0]


def _sample(stream=None, label=None):
    sample = DataSample()
    if stream is not None:
        sample.set_metainfo(dict(stream=stream))
    if label is not None:
        sample.set_gt_label(label)
    return sample


def _image(seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (3, 6, 6), generator=generator,
                         dtype=torch.uint8)


def _normalised(img):
    # BGR -> RGB, then (x - mean) / std per channel, by hand.
    rgb = img.flip(0).float()
    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    return (rgb - mean) / std


def _preprocessor(**kwargs):
    return MultiStreamDataPreprocessor(
        mean=MEAN, std=STD, to_rgb=True, **kwargs)


def test_splits_a_mixed_batch_by_tag_not_by_position():
    inputs = [
        _image(0), [_image(1), _image(2)], _image(3), _image(4),
        [_image(5), _image(6)]
    ]
    samples = [
        _sample('inter_class', 1), _sample('unsup'), _sample('sup', 2),
        _sample('inter_class', 0), _sample('unsup')
    ]
    out = _preprocessor()(dict(inputs=inputs, data_samples=samples), True)
    assert set(out['inputs']) == {'sup', 'inter_class', 'unsup'}
    assert out['data_samples']['inter_class'] == [samples[0], samples[3]]
    assert out['data_samples']['unsup'] == [samples[1], samples[4]]
    sup, = out['inputs']['sup']
    torch.testing.assert_close(sup, _normalised(_image(3))[None])
    inter, = out['inputs']['inter_class']
    torch.testing.assert_close(
        inter, torch.stack([_normalised(_image(0)), _normalised(_image(4))]))
    view1, view2 = out['inputs']['unsup']
    torch.testing.assert_close(
        view1, torch.stack([_normalised(_image(1)), _normalised(_image(5))]))
    torch.testing.assert_close(
        view2, torch.stack([_normalised(_image(2)), _normalised(_image(6))]))


def test_untagged_batch_is_preprocessed_as_by_cls_data_preprocessor():
    inputs = [_image(0), _image(1)]
    samples = [_sample(label=0), _sample(label=1)]
    ours = _preprocessor()(dict(inputs=inputs, data_samples=samples))
    upstream = ClsDataPreprocessor(mean=MEAN, std=STD, to_rgb=True)(
        dict(inputs=inputs, data_samples=samples))
    torch.testing.assert_close(ours['inputs'], upstream['inputs'])
    assert ours['data_samples'] is samples


def test_batch_augments_touch_only_the_sup_stream():
    preprocessor = _preprocessor(
        num_classes=3,
        batch_augments=dict(augments=dict(type='Mixup', alpha=1.0)))
    inputs = [_image(0), _image(1), _image(2), _image(3)]
    samples = [
        _sample('sup', 0), _sample('sup', 1), _sample('inter_class', 2),
        _sample('inter_class', 0)
    ]
    np.random.seed(0)
    torch.manual_seed(1)  # a permutation that mixes the two sup images
    out = preprocessor(dict(inputs=inputs, data_samples=samples), True)
    sup, = out['inputs']['sup']
    original = torch.stack([_normalised(_image(0)), _normalised(_image(1))])
    assert not torch.allclose(sup, original)
    scores = torch.stack([s.gt_score for s in out['data_samples']['sup']])
    assert ((scores > 0) & (scores < 1)).any()
    # The class-balanced images and labels are left as they were.
    inter, = out['inputs']['inter_class']
    torch.testing.assert_close(
        inter, torch.stack([_normalised(_image(2)), _normalised(_image(3))]))
    scores = torch.stack(
        [s.gt_score for s in out['data_samples']['inter_class']])
    assert scores.tolist() == [[0, 0, 1], [1, 0, 0]]


def test_bad_batches_are_rejected():
    preprocessor = _preprocessor()
    with pytest.raises(ValueError, match='SetStream'):
        preprocessor(
            dict(
                inputs=[_image(0), _image(1)],
                data_samples=[_sample('sup', 0), _sample(label=1)]))
    with pytest.raises(TypeError, match='pseudo_collate'):
        preprocessor(
            dict(
                inputs=torch.stack([_image(0), _image(1)]),
                data_samples=[_sample('sup', 0), _sample('sup', 1)]))
    with pytest.raises(ValueError, match='numbers of views'):
        preprocessor(
            dict(
                inputs=[[_image(0), _image(1)], _image(2)],
                data_samples=[_sample('unsup'), _sample('unsup')]))
