import pytest
import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS

import mars_mm  # noqa: F401


def _model():
    return MODELS.build(
        dict(
            type='S4LRotationClassifier',
            backbone=dict(type='ResNet', depth=18, base_channels=8,
                          stem_channels=8),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=3, in_channels=64),
            rotation_head=dict(type='LinearClsHead', num_classes=4,
                               in_channels=64),
            rotation_loss_weight=0.5))


def test_streams_are_sup_and_unsup():
    assert _model().streams == ('sup', 'unsup')


def test_rotation_loss_is_cross_entropy_over_the_four_rotations():
    model = _model().eval()
    images = torch.rand(2, 3, 32, 32)
    out = model._loss_similarity([images])['loss_rotation']
    rotated, target = [], []
    for k in range(4):
        for image in images:
            rotated.append(torch.rot90(image, k, dims=(1, 2)))
            target.append(k)
    logits = model.rotation_head(model.extract_feat(torch.stack(rotated)))
    expected = 0.5 * F.cross_entropy(logits, torch.tensor(target))
    assert out.item() == pytest.approx(expected.item(), rel=1e-5)


def test_similarity_stream_is_refused():
    with pytest.raises(ValueError, match='rotations'):
        MODELS.build(
            dict(
                type='S4LRotationClassifier',
                backbone=dict(type='ResNet', depth=18),
                rotation_head=dict(type='LinearClsHead', num_classes=4,
                                   in_channels=512),
                similarity_projector=dict(type='MoCoV2Neck', in_channels=1,
                                          hid_channels=1, out_channels=1)))
