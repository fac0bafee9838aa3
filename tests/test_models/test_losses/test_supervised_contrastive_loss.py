import math

import pytest
import torch

from mars_mm.models.losses import InfoNCELoss, SupervisedContrastiveLoss

FEATS = [[1.0, 0.0, 0.0], [0.8, 0.3, 0.0], [0.0, 1.0, 0.2], [0.1, 0.9, 0.0],
         [0.3, 0.3, 0.9], [0.0, -1.0, 0.5]]
LABELS = [0, 0, 1, 1, 0, 2]


def _unit(v):
    n = math.sqrt(sum(a * a for a in v))
    return [a / n for a in v]


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def _hand_supcon(feats, labels, tau):
    """Khosla et al., Eq. 2 (L^sup_out), anchor by anchor."""
    z = [_unit(v) for v in feats]
    terms = []
    for i in range(len(z)):
        others = [a for a in range(len(z)) if a != i]
        positives = [p for p in others if labels[p] == labels[i]]
        if not positives:
            continue
        denominator = sum(math.exp(_dot(z[i], z[a]) / tau) for a in others)
        terms.append(-sum(
            math.log(math.exp(_dot(z[i], z[p]) / tau) / denominator)
            for p in positives) / len(positives))
    return sum(terms) / len(terms)


@pytest.mark.parametrize('tau', [0.1, 0.5])
def test_supcon_matches_hand_computation(tau):
    loss = SupervisedContrastiveLoss(temperature=tau, loss_weight=0.5)
    out = loss(torch.tensor(FEATS), torch.tensor(LABELS))
    assert out.item() == pytest.approx(
        0.5 * _hand_supcon(FEATS, LABELS, tau), rel=1e-5)


def test_supcon_without_positives_is_zero():
    out = SupervisedContrastiveLoss()(torch.tensor(FEATS[:3]),
                                      torch.tensor([0, 1, 2]))
    assert out.item() == 0.0


def test_info_nce_is_eq1_over_views_of_one_image():
    # Eq. 1: view 1 of image i against view 2 of every image, positive i.
    z1, z2 = FEATS[:3], FEATS[3:]
    tau = 0.2
    expected = 0.0
    for i in range(3):
        u = _unit(z1[i])
        denominator = sum(
            math.exp(_dot(u, _unit(z2[j])) / tau) for j in range(3))
        expected -= math.log(math.exp(_dot(u, _unit(z2[i])) / tau) /
                             denominator)
    out = InfoNCELoss(temperature=tau)(torch.tensor(z1), torch.tensor(z2))
    assert out.item() == pytest.approx(expected / 3, rel=1e-5)
