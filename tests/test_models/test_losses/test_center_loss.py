import pytest
import torch

from mars_mm.models.losses import CenterLoss

FEATS = [[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]]
LABELS = [0, 1, 0]
CENTERS = [[0.5, 0.5], [1.0, -2.0]]


def _hand_center_loss(feats, labels, centers):
    total = 0.0
    for x, y in zip(feats, labels):
        total += 0.5 * sum((a - c)**2 for a, c in zip(x, centers[y]))
    return total / len(feats)


def test_matches_hand_computation():
    loss = CenterLoss(num_classes=2, feat_dim=2, loss_weight=0.1)
    with torch.no_grad():
        loss.centers.copy_(torch.tensor(CENTERS))
    out = loss(torch.tensor(FEATS), torch.tensor(LABELS))
    assert out.item() == pytest.approx(
        0.1 * _hand_center_loss(FEATS, LABELS, CENTERS), rel=1e-6)


def test_centers_move_towards_their_class_mean():
    loss = CenterLoss(num_classes=2, feat_dim=2, loss_weight=1.0)
    with torch.no_grad():
        loss.centers.copy_(torch.tensor(CENTERS))
    loss(torch.tensor(FEATS), torch.tensor(LABELS)).backward()
    # d/dc_0 of 1/2 mean ||x - c||^2 = -(sum over class 0 of (x - c_0)) / N
    expected = [-((1.0 - 0.5) + (3.0 - 0.5)) / 3,
                -((2.0 - 0.5) + (0.5 - 0.5)) / 3]
    assert loss.centers.grad[0].tolist() == pytest.approx(expected)
