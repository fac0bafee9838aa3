"""Class-balanced loss (Cui et al. 2019) on the effective number of samples."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.registry import MODELS


def effective_number_weights(samples_per_class: Sequence[int],
                             beta: float) -> torch.Tensor:
    """Class weights from the effective number of samples (Cui et al., Sec. 3).

    The effective number of ``n`` samples is ``E_n = (1 - beta^n) / (1 -
    beta)``; class ``c`` is weighted by ``1 / E_{n_c}``, and the weights are
    scaled to sum to the number of classes ``C``, as in the authors' code.
    ``beta = 0`` gives equal weights and ``beta -> 1`` inverse frequencies.

    Args:
        samples_per_class (Sequence[int]): ``n_c`` for each class.
        beta (float): The hyper-parameter ``beta`` in ``[0, 1)``.

    Returns:
        torch.Tensor: The weights, shape ``(C,)``, summing to ``C``. A class
        without samples gets weight 0 (it never is a target).
    """
    if not 0 <= beta < 1:
        raise ValueError(f'beta must be in [0, 1), but got {beta}')
    counts = torch.as_tensor(samples_per_class, dtype=torch.float64)
    if counts.dim() != 1 or (counts < 0).any():
        raise ValueError('samples_per_class must be a sequence of counts >= '
                         f'0, but got {list(samples_per_class)}')
    present = counts > 0
    effective = (1.0 - torch.pow(beta, counts)) / (1.0 - beta)
    weights = torch.where(present, 1.0 / effective.clamp(min=1e-12),
                          torch.zeros_like(counts))
    weights = weights / weights.sum() * present.sum()
    return weights.float()


@MODELS.register_module()
class ClassBalancedLoss(BaseModule):
    """Class-balanced softmax cross entropy (Cui et al. 2019, Sec. 4).

    Paper: `Class-Balanced Loss Based on Effective Number of Samples
    <https://arxiv.org/abs/1901.05555>`_. Each sample's cross entropy is
    weighted by ``(1 - beta) / (1 - beta^{n_y})`` (normalised over the
    classes, :func:`effective_number_weights`), and averaged over the
    batch, as the authors' ``softmax`` variant does.

    The class counts come from ``samples_per_class`` or, left ``None``,
    from :class:`ClassCountsHook`, which reads them from the training set
    before training (:meth:`set_class_counts`).

    Args:
        samples_per_class (Sequence[int], optional): ``n_c`` of each class.
            Defaults to None (set by :class:`ClassCountsHook`).
        beta (float): ``beta`` of the effective number. Defaults to 0.9999,
            the paper's value for its long-tailed CIFAR and iNaturalist.
        loss_weight (float): Scale of the loss. Defaults to 1.0.
    """

    def __init__(self,
                 samples_per_class: Optional[Sequence[int]] = None,
                 beta: float = 0.9999,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.beta = beta
        self.loss_weight = loss_weight
        # Derived from the training set each run, so not checkpointed: a
        # checkpoint loads whatever the counts are when it resumes.
        self.register_buffer('class_weights', torch.empty(0), persistent=False)
        if samples_per_class is not None:
            self.set_class_counts(samples_per_class)
        else:
            effective_number_weights([1], beta)  # checks beta

    def set_class_counts(self, samples_per_class: Sequence[int]) -> None:
        """Set the class weights from the training set's class counts.

        Args:
            samples_per_class (Sequence[int]): ``n_c`` of each class.
        """
        self.class_weights = effective_number_weights(
            samples_per_class, self.beta).to(self.class_weights.device)

    def forward(self,
                cls_score: torch.Tensor,
                label: torch.Tensor,
                avg_factor: Optional[float] = None,
                **kwargs) -> torch.Tensor:
        """Compute ``mean_i w_{y_i} CE(cls_score_i, y_i)``.

        Args:
            cls_score (torch.Tensor): Logits, shape ``(N, C)``.
            label (torch.Tensor): Class indices, shape ``(N,)``.
            avg_factor (float, optional): Divisor of the summed loss.
                Defaults to None (``N``).
            **kwargs: Ignored (the head's other loss arguments).

        Returns:
            torch.Tensor: The scalar loss times ``loss_weight``.
        """
        if self.class_weights.numel() != cls_score.size(1):
            raise RuntimeError(
                f'ClassBalancedLoss has {self.class_weights.numel()} class '
                f'weights for {cls_score.size(1)} classes: give '
                'samples_per_class or add ClassCountsHook to custom_hooks')
        weights = self.class_weights.to(cls_score)[label]
        loss = F.cross_entropy(cls_score, label, reduction='none') * weights
        denominator = avg_factor if avg_factor is not None else label.numel()
        return self.loss_weight * loss.sum() / denominator
