"""A linear classification head plus a metric loss on its features."""
from typing import List, Tuple

import torch
from mmpretrain.models.heads import LinearClsHead
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


@MODELS.register_module()
class MetricLearningClsHead(LinearClsHead):
    """``LinearClsHead`` whose training adds a loss on the pooled features.

    The cross entropy of the classifier (``loss``) plus ``metric_loss`` on
    the features the classifier reads (``pre_logits``) and their labels,
    e.g. :class:`CenterLoss` (Wen et al. 2016) or
    :class:`BatchHardTripletLoss` (Hermans et al. 2017), logged as
    ``loss_metric``; the metric loss's ``loss_weight`` is its weight.
    Prediction is that of ``LinearClsHead``.

    Args:
        metric_loss (dict): The metric loss, called as
            ``loss(feats, labels)``.
        **kwargs: The arguments of ``LinearClsHead``.
    """

    def __init__(self, metric_loss: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.metric_loss = MODELS.build(metric_loss)

    def loss(self, feats: Tuple[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> dict:
        """The classifier's losses and ``loss_metric``.

        Args:
            feats (tuple[torch.Tensor]): The neck's outputs.
            data_samples (list[DataSample]): Samples with one ``gt_label``.

        Returns:
            dict[str, torch.Tensor]: ``loss`` (cross entropy), the head's
            accuracy and ``loss_metric``.
        """
        pre_logits = self.pre_logits(feats)
        losses = self._get_loss(self.fc(pre_logits), data_samples, **kwargs)
        labels = torch.cat([sample.gt_label for sample in data_samples])
        losses['loss_metric'] = self.metric_loss(pre_logits, labels)
        return losses
