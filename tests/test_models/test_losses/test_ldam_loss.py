import math

import pytest
import torch

from mars_mm.models.losses import LDAMLoss, ldam_margins

COUNTS = [256, 16, 1]
COSINES = [[0.9, 0.1, -0.2], [0.3, 0.2, 0.1], [-0.1, 0.4, 0.35],
           [0.0, 0.0, 0.0]]
LABELS = [0, 1, 2, 2]


def _hand_margins(counts, max_margin):
    raw = [1.0 / n**0.25 for n in counts]
    const = max_margin / max(raw)
    return [const * r for r in raw]


def _hand_ldam(rows, labels, margins, scale, weights=None):
    """Cao et al.: -log softmax of s * (z - Delta_y on the true class)."""
    total, norm = 0.0, 0.0
    for row, y in zip(rows, labels):
        shifted = [scale * (v - (margins[y] if j == y else 0.0))
                   for j, v in enumerate(row)]
        ce = -math.log(math.exp(shifted[y]) /
                       sum(math.exp(v) for v in shifted))
        w = 1.0 if weights is None else weights[y]
        total += w * ce
        norm += w
    return total / norm


def _hand_cb_weights(counts, beta):
    raw = [(1 - beta) / (1 - beta**n) for n in counts]
    return [w * len(counts) / sum(raw) for w in raw]


def test_margins_are_c_over_n_to_the_quarter():
    margins = ldam_margins(COUNTS, 0.5).tolist()
    assert margins == pytest.approx(_hand_margins(COUNTS, 0.5), rel=1e-6)
    # 256^(1/4) = 4, 16^(1/4) = 2, 1: margins 0.125, 0.25, 0.5.
    assert margins == pytest.approx([0.125, 0.25, 0.5], rel=1e-6)


def test_loss_matches_hand_computation_before_and_after_drw():
    loss = LDAMLoss(samples_per_class=COUNTS, max_margin=0.5, scale=10.0,
                    drw_beta=0.99)
    margins = _hand_margins(COUNTS, 0.5)
    out = loss(torch.tensor(COSINES), torch.tensor(LABELS))
    assert out.item() == pytest.approx(
        _hand_ldam(COSINES, LABELS, margins, 10.0), rel=1e-5)
    loss.set_reweighting(True)
    out = loss(torch.tensor(COSINES), torch.tensor(LABELS))
    expected = _hand_ldam(COSINES, LABELS, margins, 10.0,
                          _hand_cb_weights(COUNTS, 0.99))
    assert out.item() == pytest.approx(expected, rel=1e-5)


def test_margin_makes_the_loss_larger_than_plain_cross_entropy():
    loss = LDAMLoss(samples_per_class=COUNTS, scale=10.0)
    plain = _hand_ldam(COSINES, LABELS, [0.0] * 3, 10.0)
    assert loss(torch.tensor(COSINES), torch.tensor(LABELS)).item() > plain


def test_missing_counts_are_named():
    with pytest.raises(RuntimeError, match='ClassCountsHook'):
        LDAMLoss()(torch.tensor(COSINES), torch.tensor(LABELS))


def test_counts_are_not_checkpointed():
    # They are read from the training set each run: an empty loss must load
    # a trained one's state without a size mismatch.
    trained = LDAMLoss(samples_per_class=COUNTS)
    assert trained.state_dict() == {}
    LDAMLoss().load_state_dict(trained.state_dict(), strict=True)
