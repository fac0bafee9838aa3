"""LDAM loss with deferred re-weighting (Cao et al. 2019)."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS

from .class_balanced_loss import effective_number_weights


def ldam_margins(samples_per_class: Sequence[int],
                 max_margin: float) -> torch.Tensor:
    """Label-distribution-aware margins (Cao et al., Sec. 3.2).

    ``Delta_j = C / n_j^{1/4}``, with the constant ``C`` chosen so that the
    largest margin (that of the rarest class) is ``max_margin``.

    Args:
        samples_per_class (Sequence[int]): ``n_j`` of each class, all > 0.
        max_margin (float): The largest margin.

    Returns:
        torch.Tensor: The margins, shape ``(C,)``.
    """
    counts = torch.as_tensor(samples_per_class, dtype=torch.float64)
    if counts.dim() != 1 or (counts <= 0).any():
        raise ValueError('LDAM margins need a count > 0 for every class, '
                         f'but got {list(samples_per_class)}')
    margins = 1.0 / counts.pow(0.25)
    return (margins * (max_margin / margins.max())).float()


@MODELS.register_module()
class LDAMLoss(BaseModule):
    """LDAM loss (Cao et al. 2019, Sec. 3.2) with optional DRW weights.

    Paper: `Learning Imbalanced Datasets with Label-Distribution-Aware
    Margin Loss <https://arxiv.org/abs/1906.07413>`_. The true class's logit
    is lowered by its margin ``Delta_y`` (:func:`ldam_margins`), then a
    softmax cross entropy on the logits times ``scale``:

        ``-log(exp(s(z_y - Delta_y)) / (exp(s(z_y - Delta_y)) +
        sum_{j != y} exp(s z_j)))``

    The paper's logits are cosines (a normalised linear classifier, e.g.
    :class:`NormedLinearClsHead`). Deferred re-weighting (DRW, Alg. 1):
    once :meth:`set_reweighting` turns it on (:class:`DeferredReweightingHook`
    at the first learning-rate decay), each class is weighted by
    :func:`effective_number_weights` with ``drw_beta``; the weighted mean
    divides by the summed weights of the batch's targets, as the authors'
    code (``F.cross_entropy(weight=...)``) does.

    Args:
        samples_per_class (Sequence[int], optional): ``n_j`` of each class.
            Defaults to None (set by :class:`ClassCountsHook`).
        max_margin (float): The largest margin. Defaults to 0.5 (paper).
        scale (float): ``s``. Defaults to 30 (the authors' code).
        drw_beta (float): ``beta`` of the DRW weights. Defaults to 0.9999.
        loss_weight (float): Scale of the loss. Defaults to 1.0.
    """

    def __init__(self,
                 samples_per_class: Optional[Sequence[int]] = None,
                 max_margin: float = 0.5,
                 scale: float = 30.0,
                 drw_beta: float = 0.9999,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if max_margin <= 0 or scale <= 0:
            raise ValueError('max_margin and scale must be positive, but got '
                             f'{max_margin} and {scale}')
        self.max_margin = max_margin
        self.scale = scale
        self.drw_beta = drw_beta
        self.loss_weight = loss_weight
        self.reweighting = False
        # Derived from the training set each run (ClassCountsHook), so not
        # checkpointed; the DRW switch is set again each epoch by its hook.
        self.register_buffer('margins', torch.empty(0), persistent=False)
        self.register_buffer('class_weights', torch.empty(0), persistent=False)
        if samples_per_class is not None:
            self.set_class_counts(samples_per_class)

    def set_class_counts(self, samples_per_class: Sequence[int]) -> None:
        """Set the margins and the DRW weights from the class counts.

        Args:
            samples_per_class (Sequence[int]): ``n_j`` of each class.
        """
        device = self.margins.device
        self.margins = ldam_margins(samples_per_class,
                                    self.max_margin).to(device)
        self.class_weights = effective_number_weights(
            samples_per_class, self.drw_beta).to(device)

    def set_reweighting(self, enabled: bool) -> None:
        """Turn the deferred re-weighting on or off.

        Args:
            enabled (bool): Whether to weight the classes.
        """
        self.reweighting = bool(enabled)

    def forward(self, cls_score: torch.Tensor, label: torch.Tensor,
                **kwargs) -> torch.Tensor:
        """Compute the LDAM loss (weighted once DRW is on).

        Args:
            cls_score (torch.Tensor): Logits (cosines), shape ``(N, C)``.
            label (torch.Tensor): Class indices, shape ``(N,)``.
            **kwargs: Ignored (the head's other loss arguments).

        Returns:
            torch.Tensor: The scalar loss times ``loss_weight``.
        """
        if self.margins.numel() != cls_score.size(1):
            raise RuntimeError(
                f'LDAMLoss has {self.margins.numel()} margins for '
                f'{cls_score.size(1)} classes: give samples_per_class or add '
                'ClassCountsHook to custom_hooks')
        margin = F.one_hot(label, cls_score.size(1)).to(cls_score) * \
            self.margins.to(cls_score)
        weight = self.class_weights.to(cls_score) if self.reweighting else None
        loss = F.cross_entropy(
            self.scale * (cls_score - margin), label, weight=weight)
        return self.loss_weight * loss
