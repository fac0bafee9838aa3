"""Center loss (Wen et al. 2016)."""
import torch
import torch.nn as nn
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS


@MODELS.register_module()
class CenterLoss(BaseModule):
    """Pull each feature towards its class center (Wen et al. 2016, Eq. 2).

    Paper: `A Discriminative Feature Learning Approach for Deep Face
    Recognition <https://doi.org/10.1007/978-3-319-46478-7_31>`_.
    ``L_C = 1/2 sum_i ||x_i - c_{y_i}||^2``, here averaged over the batch so
    that ``loss_weight`` (the paper's ``lambda``) does not depend on the
    batch size. The centers are parameters learnt by the optimiser with the
    loss: their gradient is the mean difference of Eq. 3, so a step of
    learning rate ``alpha`` is the paper's update of Eq. 4 up to its
    ``1 + count`` normaliser.

    Args:
        num_classes (int): The number of classes.
        feat_dim (int): The dimension of the features.
        loss_weight (float): ``lambda``. Defaults to 0.003, the paper's value
            for face recognition.
    """

    def __init__(self,
                 num_classes: int,
                 feat_dim: int,
                 loss_weight: float = 0.003) -> None:
        super().__init__()
        self.centers = nn.Parameter(torch.randn(num_classes, feat_dim))
        self.loss_weight = loss_weight

    def forward(self, feats: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Compute ``loss_weight * 1/2 mean_i ||x_i - c_{y_i}||^2``.

        Args:
            feats (torch.Tensor): Features, shape ``(N, D)``.
            labels (torch.Tensor): Class indices, shape ``(N,)``.

        Returns:
            torch.Tensor: The scalar loss.
        """
        if feats.dim() != 2 or feats.size(1) != self.centers.size(1):
            raise ValueError(f'feats must have shape (N, '
                             f'{self.centers.size(1)}), but got '
                             f'{tuple(feats.shape)}')
        diff = feats - self.centers[labels]
        return self.loss_weight * 0.5 * diff.pow(2).sum(dim=1).mean()
