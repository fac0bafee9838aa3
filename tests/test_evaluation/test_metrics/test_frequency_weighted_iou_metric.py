import logging

import numpy as np
import pytest
import torch
from mmengine.logging import MMLogger

from mars_mm.evaluation.metrics import FrequencyWeightedIoUMetric

# Confusion matrix (rows: ground truth, columns: prediction) of 16 labelled
# pixels over classes 0-2; class 3 appears in neither; 3 more pixels are
# unlabelled (255) and must not count.
CONFUSION = np.array([[5, 1, 0, 0], [2, 3, 1, 0], [0, 0, 4, 0], [0, 0, 0, 0]])


def _pixels():
    gt, pred = [], []
    for g in range(4):
        for p in range(4):
            gt += [g] * CONFUSION[g, p]
            pred += [p] * CONFUSION[g, p]
    gt += [255] * 3
    pred += [0, 1, 2]
    return torch.tensor(gt), torch.tensor(pred)


def test_metrics_match_hand_computation():
    gt, pred = _pixels()
    metric = FrequencyWeightedIoUMetric()
    metric.dataset_meta = dict(classes=('soil', 'bedrock', 'sand', 'rock'))
    # Two images (1x10 and 1x9 maps): the areas must accumulate.
    samples = [
        dict(
            pred_sem_seg=dict(data=p[None, None]),
            gt_sem_seg=dict(data=g[None, None]))
        for p, g in ((pred[:10], gt[:10]), (pred[10:], gt[10:]))
    ]
    metric.process({}, samples)
    results = metric.evaluate(size=2)

    n_gt = CONFUSION.sum(1)[:3]
    n_pred = CONFUSION.sum(0)[:3]
    hits = np.diag(CONFUSION)[:3]
    iou = hits / (n_gt + n_pred - hits)  # 5/8, 3/7, 4/5
    expected = dict(
        aAcc=hits.sum() / n_gt.sum(),
        mAcc=np.mean(hits / n_gt),
        mIoU=np.mean(iou),
        fwIoU=np.sum(n_gt / n_gt.sum() * iou))
    assert set(results) == set(expected)
    for key, value in expected.items():
        assert results[key] == pytest.approx(round(100 * value, 2)), key
    # fwIoU = 6/16 * 5/8 + 6/16 * 3/7 + 4/16 * 4/5: not pixel accuracy.
    assert results['fwIoU'] == pytest.approx(59.51)
    assert results['aAcc'] == pytest.approx(75.0)


def test_frequency_weighted_iou_ignores_absent_class():
    fwiou = FrequencyWeightedIoUMetric.frequency_weighted_iou(
        torch.tensor([3., 0.]), torch.tensor([4., 0.]), torch.tensor([4., 0.]))
    assert fwiou == pytest.approx(0.75)


def test_requires_miou():
    with pytest.raises(ValueError, match='mIoU'):
        FrequencyWeightedIoUMetric(iou_metrics=['mDice'])


def test_all_unlabeled_gives_nan_everywhere_and_a_warning():
    """Guards issue 12, weak 5: without any labelled pixel, aAcc, mIoU and
    mAcc were nan but fwIoU 0.0, silently."""
    metric = FrequencyWeightedIoUMetric()
    metric.dataset_meta = dict(classes=('soil', 'bedrock', 'sand', 'rock'))
    samples = [
        dict(pred_sem_seg=dict(data=torch.zeros(1, 2, 3, dtype=torch.long)),
             gt_sem_seg=dict(data=torch.full((1, 2, 3), 255)))
        for _ in range(2)
    ]
    metric.process({}, samples)
    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(
        (record.levelno, record.getMessage()))
    logger = MMLogger.get_current_instance()
    logger.addHandler(handler)
    try:
        results = metric.evaluate(size=2)
    finally:
        logger.removeHandler(handler)
    assert set(results) == {'aAcc', 'mIoU', 'mAcc', 'fwIoU'}
    assert all(np.isnan(value) for value in results.values()), results
    assert any(level == logging.WARNING and 'has a labelled pixel' in text
               for level, text in messages), messages
