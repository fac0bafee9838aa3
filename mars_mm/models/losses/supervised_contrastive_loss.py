"""Supervised contrastive loss, SupCon (Khosla et al. 2020)."""
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS


@MODELS.register_module()
class SupervisedContrastiveLoss(BaseModule):
    """SupCon, ``L^sup_out`` (Khosla et al. 2020, Eq. 2).

    Paper: `Supervised Contrastive Learning
    <https://arxiv.org/abs/2004.11362>`_. Over a batch of ``M`` embeddings
    (all views of all images), with ``A(i)`` every index but ``i`` and
    ``P(i)`` those of ``A(i)`` with the label of ``i``:

        ``L = mean_i -1/|P(i)| sum_{p in P(i)} log(exp(z_i.z_p / tau) /
        sum_{a in A(i)} exp(z_i.z_a / tau))``

    on L2-normalised ``z``. Anchors without a positive are left out of the
    mean. Unlike the paper's Eq. 2 of Wang et al. (our inter-class loss),
    every other sample of a class is a positive and the batch need not be
    class-balanced.

    Args:
        temperature (float): ``tau``. Defaults to 0.1, the paper's value.
        loss_weight (float): Scale of the loss. Defaults to 1.0.
    """

    def __init__(self,
                 temperature: float = 0.1,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError(
                f'temperature must be positive, but got {temperature}')
        self.temperature = temperature
        self.loss_weight = loss_weight

    def forward(self, feats: torch.Tensor,
                labels: torch.Tensor) -> torch.Tensor:
        """Compute ``L^sup_out``.

        Args:
            feats (torch.Tensor): Embeddings, shape ``(M, D)``.
            labels (torch.Tensor): Class indices, shape ``(M,)``.

        Returns:
            torch.Tensor: The scalar loss times ``loss_weight`` (0 when no
            anchor has a positive).
        """
        z = F.normalize(feats, dim=1)
        logits = z @ z.t() / self.temperature
        eye = torch.eye(len(labels), dtype=torch.bool, device=feats.device)
        # log-softmax over A(i): every sample but the anchor itself.
        log_prob = logits - torch.logsumexp(
            logits.masked_fill(eye, float('-inf')), dim=1, keepdim=True)
        positive = (labels.unsqueeze(1) == labels.unsqueeze(0)) & ~eye
        num_positive = positive.sum(1)
        has_positive = num_positive > 0
        if not has_positive.any():
            return feats.sum() * 0.0
        mean_log_prob = (log_prob * positive).sum(1)[has_positive] / \
            num_positive[has_positive]
        return self.loss_weight * -mean_log_prob.mean()
