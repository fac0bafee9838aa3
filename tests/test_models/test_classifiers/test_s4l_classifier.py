import itertools

import pytest
import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS

import mars_mm  # noqa: F401
from mars_mm.models.classifiers.s4l_classifier import jigsaw_permutations

BACKBONE = dict(type='ResNet', depth=18, base_channels=8, stem_channels=8)


def _model(pretext='rotation', num_classes=4, in_channels=64, **kwargs):
    return MODELS.build(
        dict(
            type='S4LClassifier',
            backbone=BACKBONE,
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=3, in_channels=64),
            pretext=pretext,
            pretext_head=dict(type='LinearClsHead', num_classes=num_classes,
                              in_channels=in_channels),
            pretext_loss_weight=0.5,
            **kwargs))


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
    logits = model.pretext_head(model.extract_feat(torch.stack(rotated)))
    expected = 0.5 * F.cross_entropy(logits, torch.tensor(target))
    assert out.item() == pytest.approx(expected.item(), rel=1e-5)


def test_permutations_are_distinct_and_far_apart():
    perms = jigsaw_permutations(10, 9)
    assert perms.shape == (10, 9)
    assert perms[0].tolist() == list(range(9))
    assert all(sorted(p.tolist()) == list(range(9)) for p in perms)
    for a, b in itertools.combinations(perms.tolist(), 2):
        assert sum(x != y for x, y in zip(a, b)) >= 6


def test_puzzle_tiles_come_in_the_permutation_order():
    model = _model('jigsaw', num_classes=5, in_channels=4 * 64, grid=2,
                   num_permutations=5)
    # Each 8 px cell is one constant: a tile tells which cell it came from.
    images = torch.zeros(3, 1, 16, 16)
    for index in range(4):
        row, col = divmod(index, 2)
        images[:, :, row * 8:row * 8 + 8, col * 8:col * 8 + 8] = index
    tiles, target = model._puzzles(images)
    assert tiles.shape == (3 * 4, 1, 7, 7)
    cells = tiles.reshape(3, 4, -1)[:, :, 0]
    for i in range(3):
        assert cells[i].tolist() == model.permutations[target[i]].tolist()


def test_jigsaw_loss_is_finite_and_named():
    model = _model('jigsaw', num_classes=100, in_channels=9 * 64)
    out = model._loss_similarity([torch.rand(2, 3, 48, 48)])
    assert torch.isfinite(out['loss_jigsaw'])


def test_similarity_stream_is_refused():
    with pytest.raises(ValueError, match='pretext'):
        _model(similarity_projector=dict(
            type='MoCoV2Neck', in_channels=1, hid_channels=1,
            out_channels=1))
