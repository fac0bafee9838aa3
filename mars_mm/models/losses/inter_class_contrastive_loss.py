"""Supervised inter-class contrastive loss (Wang et al. 2022, Sec. 4.2)."""
import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS


@MODELS.register_module()
class InterClassContrastiveLoss(BaseModule):
    """Contrast classes, not instances: the loss of Eq. 2.

    Row ``i`` of ``z1`` and row ``i`` of ``z2`` are embeddings of two
    different samples of the same class, and distinct rows belong to distinct
    classes. Each first view must pick out its class among the ``C`` second
    views: a cross entropy over the ``C x C`` cosine-similarity matrix whose
    target is the diagonal. Two samples of one class are thus always a
    positive pair and never a negative one, unlike instance contrast (InfoNCE)
    which pushes apart near-duplicate images of the same scene.

    Args:
        temperature (float): The temperature ``tau`` dividing the cosine
            similarities. Defaults to 0.2, the paper's value.
        loss_weight (float): The weight ``lambda_s`` of the loss (Eq. 5).
            Defaults to 1.0.
    """

    def __init__(self,
                 temperature: float = 0.2,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError(
                f'temperature must be positive, but got {temperature}')
        self.temperature = temperature
        self.loss_weight = loss_weight

    def forward(self, z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
        """Compute the weighted loss of Eq. 2.

        ``-mean_i log(exp(K(z1_i, z2_i) / t) / sum_j exp(K(z1_i, z2_j) / t))``
        with ``K`` the cosine similarity. The log-softmax of
        ``F.cross_entropy`` keeps it stable for any temperature, and a zero
        row has cosine similarity 0 with everything, so the loss stays finite.

        Args:
            z1 (torch.Tensor): First views, shape ``(C, D)``; row ``i`` is a
                sample of class ``i``.
            z2 (torch.Tensor): Second views (other samples of the same
                classes), shape ``(C, D)``.

        Returns:
            torch.Tensor: The scalar loss times ``loss_weight``.
        """
        if z1.dim() != 2 or z1.shape != z2.shape:
            raise ValueError(
                'z1 and z2 must both have shape (num_classes, dim), but got '
                f'{tuple(z1.shape)} and {tuple(z2.shape)}')
        similarity = F.normalize(z1, dim=1) @ F.normalize(z2, dim=1).t()
        target = torch.arange(z1.size(0), device=z1.device)
        loss = F.cross_entropy(similarity / self.temperature, target)
        return self.loss_weight * loss
