"""Unsupervised similarity loss (Wang et al. 2022, Sec. 4.3)."""
import torch
from mmpretrain.models.losses import CosineSimilarityLoss
from mmpretrain.registry import MODELS


@MODELS.register_module()
class SimilarityLoss(CosineSimilarityLoss):
    """Pull two views of an unlabelled image together: the loss of Eq. 3.

    Only positive pairs: rover images overlap so much that other images of a
    batch are no safe negatives. This is mmpretrain's
    :class:`CosineSimilarityLoss` with no shift and ``loss_weight`` as its
    scale, i.e. ``-loss_weight * mean_u K(z1_u, z2_u)``.

    Args:
        loss_weight (float): The weight ``lambda_u`` of the loss (Eq. 5).
            Defaults to 1.0.
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__(shift_factor=0.0, scale_factor=loss_weight)
        self.loss_weight = loss_weight

    def forward(self, z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
        """Compute the weighted loss of Eq. 3, ``-mean_u K(z1_u, z2_u)``.

        Args:
            z1 (torch.Tensor): First views, shape ``(N, D)``.
            z2 (torch.Tensor): Second views of the same images, ``(N, D)``.

        Returns:
            torch.Tensor: The scalar loss times ``loss_weight``.
        """
        if z1.dim() != 2 or z1.shape != z2.shape:
            raise ValueError(
                'z1 and z2 must both have shape (num_images, dim), but got '
                f'{tuple(z1.shape)} and {tuple(z2.shape)}')
        return super().forward(z1, z2)
