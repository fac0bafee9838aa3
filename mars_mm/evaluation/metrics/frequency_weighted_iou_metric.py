"""Segmentation metrics of paper Table 9: aAcc, mAcc, fwIoU and mIoU."""
import logging
from typing import Dict

import numpy as np
import torch
from mmengine.logging import print_log
from mmseg.evaluation.metrics import IoUMetric
from mmseg.registry import METRICS


@METRICS.register_module()
class FrequencyWeightedIoUMetric(IoUMetric):
    """mmseg's ``IoUMetric`` plus the frequency-weighted IoU (fwIoU).

    Reports aAcc (pixel accuracy), mAcc (mean class accuracy), mIoU and
    fwIoU = sum_c freq_c * IoU_c, where freq_c is class c's share of the
    labelled ground-truth pixels (as in FCN, Long et al. 2015). fwIoU is
    what `Wang et al. <https://arxiv.org/abs/2206.02180>`_ call "FACC".
    The per-class table (IoU, Acc) is logged as by ``IoUMetric``; all values
    are percentages rounded to two decimals.

    A validation set without any labelled pixel defines none of them: every
    metric is then ``nan`` (fwIoU too, like mmseg's aAcc, mIoU and mAcc),
    and a warning says why.

    Args:
        **kwargs: Arguments of :class:`IoUMetric`; ``iou_metrics`` must
            include 'mIoU' (the default).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if 'mIoU' not in self.metrics:
            raise ValueError('FrequencyWeightedIoUMetric needs mIoU in '
                             f'iou_metrics, got {self.metrics}')

    @staticmethod
    def frequency_weighted_iou(area_intersect: torch.Tensor,
                               area_union: torch.Tensor,
                               area_label: torch.Tensor) -> float:
        """fwIoU = sum_c (n_c / sum_k n_k) * IoU_c (the paper's "FACC").

        Args:
            area_intersect (torch.Tensor): Per-class intersection (C,).
            area_union (torch.Tensor): Per-class union (C,).
            area_label (torch.Tensor): Per-class ground-truth pixels n_c.

        Returns:
            float: The fwIoU in [0, 1]. A class with no ground truth has
            weight 0 and adds nothing, even when its IoU is undefined.
            Without any labelled pixel, ``nan``.
        """
        if area_label.sum() == 0:
            return float('nan')
        freq = area_label.double() / area_label.sum()
        present = area_label > 0
        iou = area_intersect.double()[present] / area_union.double()[present]
        return float((freq[present] * iou).sum())

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Compute aAcc, mIoU, mAcc and fwIoU from the processed results.

        Args:
            results (list): Per-image (intersect, union, pred, label) areas
                from :meth:`process`.

        Returns:
            Dict[str, float]: aAcc, mIoU, mAcc (and any other requested
            ``iou_metrics``) and fwIoU, in percent.
        """
        metrics = super().compute_metrics(results)
        if self.format_only:
            return metrics
        intersect, union, _, label = (sum(area) for area in zip(*results))
        if label.sum() == 0:
            print_log(
                f'FrequencyWeightedIoUMetric: none of the {len(results)} '
                'evaluated images has a labelled pixel: aAcc, mIoU, mAcc and '
                'fwIoU are all nan', logger='current', level=logging.WARNING)
        metrics['fwIoU'] = np.round(
            self.frequency_weighted_iou(intersect, union, label) * 100, 2)
        return metrics
