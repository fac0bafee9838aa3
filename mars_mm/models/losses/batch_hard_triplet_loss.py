"""Batch-hard triplet loss (Hermans et al. 2017)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS


@MODELS.register_module()
class BatchHardTripletLoss(BaseModule):
    """Triplet loss on each anchor's hardest pair (Hermans et al., Eq. 5).

    Paper: `In Defense of the Triplet Loss for Person Re-Identification
    <https://arxiv.org/abs/1703.07737>`_. For each anchor ``a`` of a batch
    (meant to be class-balanced, ``P`` classes x ``K`` samples, e.g.
    ``ClassBalancedSampler``), the farthest positive and the nearest
    negative in Euclidean distance:

        ``L_BH = mean_a [m + max_p D(a, p) - min_n D(a, n)]_+``

    With ``margin=None``, the soft margin ``log(1 + exp(x))`` the paper
    recommends replaces ``[m + x]_+``. Anchors without a positive or a
    negative in the batch are left out of the mean.

    Args:
        margin (float, optional): ``m``. Defaults to None (soft margin).
        loss_weight (float): Scale of the loss. Defaults to 1.0.
    """

    def __init__(self,
                 margin: Optional[float] = None,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if margin is not None and margin < 0:
            raise ValueError(f'margin must be >= 0, but got {margin}')
        self.margin = margin
        self.loss_weight = loss_weight

    def forward(self, feats: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Compute the batch-hard triplet loss.

        Args:
            feats (torch.Tensor): Embeddings, shape ``(N, D)``.
            labels (torch.Tensor): Class indices, shape ``(N,)``.

        Returns:
            torch.Tensor: The scalar loss times ``loss_weight`` (0 when no
            anchor has both a positive and a negative).
        """
        # The square root's gradient at 0 is infinite: clamp the squares.
        squared = (feats.unsqueeze(1) - feats.unsqueeze(0)).pow(2).sum(-1)
        dist = squared.clamp(min=1e-12).sqrt()
        same = labels.unsqueeze(1) == labels.unsqueeze(0)
        eye = torch.eye(len(labels), dtype=torch.bool, device=feats.device)
        positive = same & ~eye
        negative = ~same
        valid = positive.any(1) & negative.any(1)
        if not valid.any():
            return feats.sum() * 0.0
        hardest_positive = dist.masked_fill(~positive, float('-inf')).amax(1)
        hardest_negative = dist.masked_fill(~negative, float('inf')).amin(1)
        gap = (hardest_positive - hardest_negative)[valid]
        if self.margin is None:
            loss = F.softplus(gap)
        else:
            loss = F.relu(self.margin + gap)
        return self.loss_weight * loss.mean()
