import math

import numpy as np
import pytest
import torch

from mars_mm.models.losses import InterClassContrastiveLoss


def _cos(u, v):
    nu, nv = math.sqrt(sum(a * a for a in u)), math.sqrt(sum(b * b for b in v))
    if nu == 0 or nv == 0:
        return 0.0
    return sum(a * b for a, b in zip(u, v)) / (nu * nv)


def _hand_loss(z1, z2, tau):
    """Eq. 2 written out with the math module, row by row."""
    terms = []
    for i in range(len(z1)):
        denominator = sum(
            math.exp(_cos(z1[i], z2[j]) / tau) for j in range(len(z2)))
        terms.append(-math.log(math.exp(_cos(z1[i], z2[i]) / tau) /
                               denominator))
    return sum(terms) / len(terms)


Z1 = [[1.0, 0.0, 0.0], [0.5, 2.0, 0.0], [0.0, -1.0, 3.0]]
Z2 = [[2.0, 0.5, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0]]


def test_matches_hand_computation():
    loss = InterClassContrastiveLoss(temperature=0.2)
    out = loss(torch.tensor(Z1), torch.tensor(Z2))
    assert out.dim() == 0
    assert out.item() == pytest.approx(_hand_loss(Z1, Z2, 0.2), rel=1e-5)


def test_loss_weight_and_temperature():
    loss = InterClassContrastiveLoss(temperature=0.5, loss_weight=0.3)
    out = loss(torch.tensor(Z1), torch.tensor(Z2))
    assert out.item() == pytest.approx(
        0.3 * _hand_loss(Z1, Z2, 0.5), rel=1e-5)


def test_same_class_pair_is_pulled_together_not_pushed_apart():
    # Row 0 of z1 and row 0 of z2 are two samples of one class.
    z1 = torch.tensor(Z1, requires_grad=True)
    z2 = torch.tensor(Z2)
    InterClassContrastiveLoss()(z1, z2).backward()
    # A small step against the gradient raises their cosine similarity...
    before = _cos(Z1[0], Z2[0])
    stepped = (z1 - 0.01 * z1.grad).detach()[0].tolist()
    assert _cos(stepped, Z2[0]) > before
    # ...and making the pair identical lowers the loss.
    aligned = [list(Z2[0])] + Z1[1:]
    loss = InterClassContrastiveLoss()
    assert loss(torch.tensor(aligned), z2) < loss(z1.detach(), z2)


def test_second_sample_of_same_class_is_not_a_negative():
    # Two different images of class 0 (z1[0], z2[0]) that are identical, as
    # near-duplicate rover shots are: instance contrast would see z2[0] as a
    # negative of the other image; here it is the positive, so the best loss
    # is reached, not a penalty.
    z = torch.eye(3)
    loss = InterClassContrastiveLoss(temperature=0.2)
    expected = -math.log(math.exp(5) / (math.exp(5) + 2 * math.exp(0)))
    assert loss(z, z).item() == pytest.approx(expected, rel=1e-5)


def test_loss_changes_when_a_negative_moves():
    loss = InterClassContrastiveLoss()
    z1, z2 = torch.tensor(Z1), torch.tensor(Z2)
    base = loss(z1, z2).item()
    # Move the class-1 view towards the class-0 anchor: a harder negative.
    moved = z2.clone()
    moved[1] = z1[0]
    harder = loss(z1, moved).item()
    assert harder > base
    assert harder == pytest.approx(
        _hand_loss(Z1, moved.tolist(), 0.2), rel=1e-5)


def test_zero_vectors_give_finite_loss_and_gradient():
    z1 = torch.zeros(4, 8, requires_grad=True)
    z2 = torch.zeros(4, 8, requires_grad=True)
    out = InterClassContrastiveLoss()(z1, z2)
    out.backward()
    # All cosine similarities are 0: a uniform softmax over 4 classes.
    assert out.item() == pytest.approx(math.log(4), rel=1e-6)
    assert torch.isfinite(z1.grad).all() and torch.isfinite(z2.grad).all()


def test_numerically_stable_for_tiny_temperature_and_huge_inputs():
    rng = np.random.default_rng(0)
    z1 = rng.normal(size=(5, 16)) * 1e18
    z2 = rng.normal(size=(5, 16)) * 1e18
    tau = 1e-4
    # Reference: log-sum-exp with the maximum taken out, in float64.
    n1 = z1 / np.linalg.norm(z1, axis=1, keepdims=True)
    n2 = z2 / np.linalg.norm(z2, axis=1, keepdims=True)
    logits = n1 @ n2.T / tau
    peak = logits.max(axis=1, keepdims=True)
    lse = peak[:, 0] + np.log(np.exp(logits - peak).sum(axis=1))
    expected = float(np.mean(lse - np.diag(logits)))
    out = InterClassContrastiveLoss(temperature=tau)(
        torch.tensor(z1), torch.tensor(z2))
    assert torch.isfinite(out)
    assert out.item() == pytest.approx(expected, rel=1e-6)


def test_bad_input_is_rejected():
    loss = InterClassContrastiveLoss()
    with pytest.raises(ValueError, match='shape'):
        loss(torch.zeros(3, 4), torch.zeros(2, 4))
    with pytest.raises(ValueError, match='shape'):
        loss(torch.zeros(3), torch.zeros(3))
    with pytest.raises(ValueError, match='temperature'):
        InterClassContrastiveLoss(temperature=0)
