"""SupCon representation learning, stage 1 of SupCon (Khosla et al. 2020)."""
from typing import Dict, List, Optional

import torch
from mmengine.dist import all_gather
from mmpretrain.models.selfsup import BaseSelfSupervisor
from mmpretrain.models.selfsup.simclr import GatherLayer
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


@MODELS.register_module()
class SupCon(BaseSelfSupervisor):
    """Learn a representation with the supervised contrastive loss.

    Paper: `Supervised Contrastive Learning
    <https://arxiv.org/abs/2004.11362>`_. The first of SupCon's two stages:
    each labelled image of a batch comes in several augmented views
    (``MultiView``), the backbone and the projection ``neck`` embed them,
    and :class:`SupervisedContrastiveLoss` pulls together every pair of
    embeddings of one class, gathered over all ranks. The second stage
    (a linear classifier on the frozen backbone, or fine-tuning all
    layers) is an ordinary ``ImageClassifier`` started from this model's
    ``backbone.*`` weights.

    Args:
        backbone (dict): The backbone.
        neck (dict): The projection head (e.g. ``NonLinearNeck`` to 128-d).
        loss (dict): The loss. Defaults to
            ``SupervisedContrastiveLoss(temperature=0.1)``.
        pretrained (str, optional): A checkpoint to start from. Defaults to
            None.
        data_preprocessor (dict, optional): Defaults to None
            (``SelfSupDataPreprocessor``).
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 loss: Optional[dict] = None,
                 pretrained: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            neck=neck,
            pretrained=pretrained,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.loss_module = MODELS.build(
            loss or dict(type='SupervisedContrastiveLoss', temperature=0.1))

    def loss(self, inputs: List[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> Dict[str, torch.Tensor]:
        """The SupCon loss over all views of the batch.

        Args:
            inputs (list[torch.Tensor]): The views, each ``(N, C, H, W)``.
            data_samples (list[DataSample]): The ``N`` samples, one
                ``gt_label`` each.

        Returns:
            dict[str, torch.Tensor]: ``loss``.
        """
        if not isinstance(inputs, list):
            inputs = [inputs]
        z = self.neck(self.backbone(torch.cat(inputs)))[0]
        labels = torch.cat([sample.gt_label for sample in data_samples])
        if labels.numel() != len(data_samples):
            raise ValueError('SupCon needs exactly one label per sample')
        labels = labels.to(z.device).repeat(len(inputs))
        z = torch.cat(GatherLayer.apply(z), dim=0)
        labels = torch.cat(all_gather(labels), dim=0)
        return dict(loss=self.loss_module(z, labels))
