"""S4L-Rotation: cross entropy plus rotation prediction (Zhai et al. 2019)."""
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS

from .semi_supervised_classifier import SemiSupervisedClassifier


@MODELS.register_module()
class S4LRotationClassifier(SemiSupervisedClassifier):
    """Semi-supervised classifier with a rotation-prediction stream.

    Paper: `S4L: Self-Supervised Semi-Supervised Learning
    <https://arxiv.org/abs/1905.03670>`_ (S4L-Rotation, Sec. 3.1): beside the
    cross entropy on labelled images, each unlabelled image is shown
    rotated by 0, 90, 180 and 270 degrees and ``rotation_head`` (a 4-way
    classifier on the shared backbone) predicts the rotation;
    ``L = L_ce + w L_rot``, logged as ``loss_rotation``. The ``unsup``
    stream of :class:`SemiSupervisedClassifier` carries the unlabelled
    images (one view each; the images must be square); the inter-class
    stream may be kept or left out. S4L also rotates the labelled images;
    here only the unlabelled stream is, so that the cross-entropy stream is
    the baseline's.

    Args:
        rotation_head (dict): A head mapping the neck's outputs to 4
            logits, e.g. ``LinearClsHead(num_classes=4)``.
        rotation_loss_weight (float): ``w``. Defaults to 1.0 (the paper's
            S4L-Rotation weight).
        **kwargs: The arguments of :class:`SemiSupervisedClassifier`,
            without ``similarity_projector``/``similarity_loss``.
    """

    def __init__(self,
                 rotation_head: dict,
                 rotation_loss_weight: float = 1.0,
                 **kwargs) -> None:
        if kwargs.get('similarity_projector') is not None:
            raise ValueError('S4LRotationClassifier uses the unsup stream '
                             'for rotations: leave similarity_projector and '
                             'similarity_loss out')
        super().__init__(**kwargs)
        self.rotation_head = MODELS.build(rotation_head)
        self.rotation_loss_weight = rotation_loss_weight

    @property
    def streams(self) -> Tuple[str, ...]:
        """tuple[str]: The streams a training batch must hold."""
        streams = super().streams
        return streams + ('unsup', ) if 'unsup' not in streams else streams

    def _loss_similarity(self, views: List[torch.Tensor],
                         data_samples: Optional[list] = None) -> dict:
        """Rotation prediction on the unlabelled images.

        Args:
            views (list[torch.Tensor]): One view, ``(N, C, S, S)``.
            data_samples (list, optional): Unused.

        Returns:
            dict: ``loss_rotation``.
        """
        images = self._single_view(views, 'unsup')
        if images.shape[-1] != images.shape[-2]:
            raise ValueError('Rotation prediction needs square images, but '
                             f'got {tuple(images.shape[-2:])}')
        rotated = torch.cat(
            [torch.rot90(images, k, dims=(2, 3)) for k in range(4)])
        target = torch.arange(4, device=images.device).repeat_interleave(
            images.size(0))
        logits = self.rotation_head(self.extract_feat(rotated))
        return dict(loss_rotation=self.rotation_loss_weight *
                    F.cross_entropy(logits, target))
