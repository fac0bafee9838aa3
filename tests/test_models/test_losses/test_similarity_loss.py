import math

import pytest
import torch

from mars_mm.models.losses import SimilarityLoss


def _cos(u, v):
    dot = sum(a * b for a, b in zip(u, v))
    return dot / (math.hypot(*u) * math.hypot(*v))


Z1 = [[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]]
Z2 = [[2.0, 0.0, 1.0], [3.0, 3.0, 0.0]]


def test_matches_hand_computation():
    out = SimilarityLoss()(torch.tensor(Z1), torch.tensor(Z2))
    expected = -(_cos(Z1[0], Z2[0]) + _cos(Z1[1], Z2[1])) / 2
    assert out.dim() == 0
    assert out.item() == pytest.approx(expected, rel=1e-6)


def test_loss_weight_scales():
    out = SimilarityLoss(loss_weight=0.2)(torch.tensor(Z1), torch.tensor(Z2))
    expected = -0.2 * (_cos(Z1[0], Z2[0]) + _cos(Z1[1], Z2[1])) / 2
    assert out.item() == pytest.approx(expected, rel=1e-6)


def test_has_no_negatives():
    # Identical views reach the minimum -1 however similar the other images
    # of the batch are: nothing pushes different images apart.
    same = torch.tensor([[1.0, 0.0], [1.0, 0.0], [1.0, 0.01]])
    assert SimilarityLoss()(same, same).item() == pytest.approx(-1.0)


def test_gradient_pulls_views_together():
    z1 = torch.tensor(Z1, requires_grad=True)
    SimilarityLoss()(z1, torch.tensor(Z2)).backward()
    stepped = (z1 - 0.05 * z1.grad).detach().tolist()
    for i in range(2):
        assert _cos(stepped[i], Z2[i]) > _cos(Z1[i], Z2[i])


def test_zero_vectors_give_finite_loss_and_gradient():
    z1 = torch.zeros(3, 4, requires_grad=True)
    out = SimilarityLoss()(z1, torch.ones(3, 4))
    out.backward()
    assert out.item() == 0.0
    assert torch.isfinite(z1.grad).all()


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match='shape'):
        SimilarityLoss()(torch.zeros(3, 4), torch.zeros(3, 5))
