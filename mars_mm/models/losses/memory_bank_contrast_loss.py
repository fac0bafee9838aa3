"""The element-wise inter-class contrastive loss of paper Sec. 5.1."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS


@MODELS.register_module()
class MemoryBankContrastLoss(BaseModule):
    """Contrast each labelled element against the memory-bank class centers.

    Each element f_i is a C-way classification over the cosine similarities
    between f_i and the class centers m̄_c, scaled by ``1 / temperature``,
    whose target is its own class c_i (`Wang et al.
    <https://arxiv.org/abs/2206.02180>`_, Eq. 7). Classes whose queue is
    still empty have no center and are left out of the softmax.

    Args:
        temperature (float): The temperature tau. Defaults to 0.07.
        loss_weight (float): Weight of the loss. Defaults to 1.0.
        loss_name (str): Name of the loss item; it must start with ``loss_``
            to be back-propagated. Defaults to 'loss_contrast'.
    """

    def __init__(self,
                 temperature: float = 0.07,
                 loss_weight: float = 1.0,
                 loss_name: str = 'loss_contrast') -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError(
                f'temperature must be positive, got {temperature}')
        self.temperature = temperature
        self.loss_weight = loss_weight
        self._loss_name = loss_name

    def forward(self,
                feats: torch.Tensor,
                labels: torch.Tensor,
                centers: torch.Tensor,
                valid: torch.Tensor,
                ignore_index: int = 255,
                avg_factor: Optional[float] = None) -> torch.Tensor:
        """Eq. 7: ``-mean_i log softmax_c(K(f_i, m̄_c) / tau)[c_i]``.

        Args:
            feats (torch.Tensor): Element features f_i of shape (N, D).
            labels (torch.Tensor): Element classes c_i of shape (N,);
                elements labelled ``ignore_index`` are left out of the mean.
            centers (torch.Tensor): Class centers m̄_c of shape (C, D).
            valid (torch.Tensor): Bool mask (C,) of the classes that have a
                center.
            ignore_index (int): Label of unlabelled elements.
                Defaults to 255.
            avg_factor (float, optional): The number of elements the sum
                over labelled elements is divided by. Defaults to None: the
                number of labelled elements given here. Under DDP, which
                averages gradients over ranks, the mean over ranks of their
                numbers of labelled elements makes the gradient that of one
                process given every rank's elements.

        Returns:
            torch.Tensor: The weighted loss, a scalar. It is zero (still
            connected to ``feats``) when no element is labelled.
        """
        keep = labels != ignore_index
        if not keep.any():
            # Zero that keeps the graph, so DDP sees every parameter used.
            return feats.sum() * 0.
        feats, labels = feats[keep], labels[keep].long()
        if not valid[labels].all():
            missing = labels[~valid[labels]].unique().tolist()
            raise ValueError(f'classes {missing} have labelled elements but '
                             'no memory-bank center')
        logits = F.normalize(feats, dim=1) @ F.normalize(
            centers.to(feats.dtype), dim=1).t() / self.temperature
        logits = logits.masked_fill(~valid, float('-inf'))
        loss = F.cross_entropy(logits, labels, reduction='sum')
        if avg_factor is None:
            avg_factor = labels.numel()
        return self.loss_weight * loss / avg_factor

    @property
    def loss_name(self) -> str:
        """str: Name of the loss item in the loss dict."""
        return self._loss_name
