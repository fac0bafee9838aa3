import math

import numpy as np
import pytest
import torch

from mars_mm.models.losses import BatchHardTripletLoss

# Two classes x two samples (a class-balanced batch) plus a lone class.
FEATS = [[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [0.5, 2.5], [3.0, 3.0]]
LABELS = [0, 0, 1, 1, 2]


def _hand_batch_hard(feats, labels, margin):
    feats = np.asarray(feats, dtype=np.float64)
    terms = []
    for a in range(len(feats)):
        d_pos = [np.linalg.norm(feats[a] - feats[p]) for p in range(len(feats))
                 if p != a and labels[p] == labels[a]]
        d_neg = [np.linalg.norm(feats[a] - feats[n]) for n in range(len(feats))
                 if labels[n] != labels[a]]
        if not d_pos or not d_neg:
            continue
        gap = max(d_pos) - min(d_neg)
        terms.append(math.log1p(math.exp(gap)) if margin is None else
                     max(0.0, margin + gap))
    return sum(terms) / len(terms)


@pytest.mark.parametrize('margin', [None, 0.3, 2.0])
def test_matches_hand_computation(margin):
    loss = BatchHardTripletLoss(margin=margin, loss_weight=1.0)
    out = loss(torch.tensor(FEATS), torch.tensor(LABELS))
    assert out.item() == pytest.approx(
        _hand_batch_hard(FEATS, LABELS, margin), rel=1e-5)


def test_no_valid_anchor_gives_zero_with_a_gradient():
    feats = torch.tensor(FEATS, requires_grad=True)
    out = BatchHardTripletLoss()(feats, torch.tensor([0, 1, 2, 3, 4]))
    assert out.item() == 0.0
    out.backward()
    assert torch.isfinite(feats.grad).all()


def test_identical_positives_give_finite_gradients():
    feats = torch.tensor([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]],
                         requires_grad=True)
    BatchHardTripletLoss(margin=0.3)(feats, torch.tensor([0, 0, 1])).backward()
    assert torch.isfinite(feats.grad).all()
