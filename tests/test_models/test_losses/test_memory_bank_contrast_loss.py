import math

import pytest
import torch

from mars_mm.models.losses import MemoryBankContrastLoss


def _cos(u, v):
    dot = sum(a * b for a, b in zip(u, v))
    return dot / (math.hypot(*u) * math.hypot(*v))


def test_eq7_matches_hand_computation():
    feats = [[1., 0.], [0., 2.], [3., 3.], [-1., 0.5]]
    labels = [0, 2, 0, 255]
    centers = [[2., 1.], [7., 7.], [0., -1.]]
    valid = [True, False, True]  # class 1 has no center: out of softmax
    tau = 0.5
    terms = []
    for f, c in zip(feats, labels):
        if c == 255:
            continue
        num = math.exp(_cos(f, centers[c]) / tau)
        den = sum(
            math.exp(_cos(f, m) / tau) for m, ok in zip(centers, valid)
            if ok)
        terms.append(-math.log(num / den))
    expected = 0.3 * sum(terms) / len(terms)

    criterion = MemoryBankContrastLoss(temperature=tau, loss_weight=0.3)
    args = (torch.tensor(feats), torch.tensor(labels),
            torch.tensor(centers), torch.tensor(valid))
    assert criterion(*args).item() == pytest.approx(expected, rel=1e-6)
    # Under DDP the head divides by the mean count over ranks instead.
    assert criterion(*args, avg_factor=5.).item() == pytest.approx(
        0.3 * sum(terms) / 5, rel=1e-6)


def test_gradient_pulls_feature_towards_its_center():
    centers = torch.tensor([[1., 0.], [0., 1.]])
    feat = torch.tensor([[1., 1.]], requires_grad=True)
    loss = MemoryBankContrastLoss(temperature=0.07)(
        feat, torch.tensor([0]), centers, torch.tensor([True, True]))
    loss.backward()
    # Descent moves the feature towards class 0 (x up, y down).
    assert feat.grad[0, 0] < 0 < feat.grad[0, 1]


def test_no_labelled_element_gives_connected_zero():
    feats = torch.randn(3, 2, requires_grad=True)
    loss = MemoryBankContrastLoss()(feats, torch.full((3, ), 255),
                                    torch.zeros(2, 2),
                                    torch.tensor([False, False]))
    assert loss.item() == 0
    loss.backward()
    assert torch.equal(feats.grad, torch.zeros(3, 2))


def test_label_without_center_is_rejected():
    with pytest.raises(ValueError, match=r'classes \[1\]'):
        MemoryBankContrastLoss()(
            torch.ones(2, 2), torch.tensor([0, 1]), torch.ones(2, 2),
            torch.tensor([True, False]))


def test_bad_temperature_is_rejected():
    with pytest.raises(ValueError, match='temperature'):
        MemoryBankContrastLoss(temperature=0)
