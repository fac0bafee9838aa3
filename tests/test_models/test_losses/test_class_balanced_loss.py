import math

import pytest
import torch

from mars_mm.models.losses import ClassBalancedLoss, effective_number_weights

COUNTS = [100, 10, 1]
LOGITS = [[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [-0.5, 1.5, 0.0],
          [1.0, 1.0, 1.0]]
LABELS = [0, 1, 2, 2]


def _hand_weights(counts, beta):
    """Cui et al.: 1 / E_n with E_n = (1 - beta^n) / (1 - beta), sum = C."""
    raw = [(1 - beta) / (1 - beta**n) for n in counts]
    return [w * len(counts) / sum(raw) for w in raw]


def _hand_ce(row, label):
    return -math.log(math.exp(row[label]) / sum(math.exp(v) for v in row))


def test_weights_match_the_effective_number():
    for beta in (0.0, 0.9, 0.999):
        weights = effective_number_weights(COUNTS, beta)
        assert weights.tolist() == pytest.approx(
            _hand_weights(COUNTS, beta), rel=1e-5)
    # beta = 0: no re-weighting; rare classes weigh more as beta grows.
    assert effective_number_weights(COUNTS, 0.0).tolist() == [1.0] * 3
    weights = effective_number_weights(COUNTS, 0.99).tolist()
    assert weights[0] < weights[1] < weights[2]


def test_loss_matches_hand_computation():
    beta = 0.99
    loss = ClassBalancedLoss(samples_per_class=COUNTS, beta=beta)
    out = loss(torch.tensor(LOGITS), torch.tensor(LABELS))
    weights = _hand_weights(COUNTS, beta)
    expected = sum(weights[y] * _hand_ce(row, y)
                   for row, y in zip(LOGITS, LABELS)) / len(LABELS)
    assert out.item() == pytest.approx(expected, rel=1e-5)


def test_counts_set_later_and_missing_counts_named():
    loss = ClassBalancedLoss(beta=0.9, loss_weight=2.0)
    with pytest.raises(RuntimeError, match='ClassCountsHook'):
        loss(torch.tensor(LOGITS), torch.tensor(LABELS))
    loss.set_class_counts(COUNTS)
    weights = _hand_weights(COUNTS, 0.9)
    expected = 2.0 * sum(weights[y] * _hand_ce(row, y)
                         for row, y in zip(LOGITS, LABELS)) / len(LABELS)
    out = loss(torch.tensor(LOGITS), torch.tensor(LABELS))
    assert out.item() == pytest.approx(expected, rel=1e-5)


def test_bad_beta_is_refused():
    with pytest.raises(ValueError, match='beta'):
        ClassBalancedLoss(beta=1.0)


def test_counts_are_not_checkpointed():
    assert ClassBalancedLoss(samples_per_class=COUNTS).state_dict() == {}
