"""Per-class queues of feature means: the memory bank of paper Sec. 5.1."""
import logging
from typing import Tuple

import torch
import torch.nn as nn
from mmengine.dist import all_reduce
from mmengine.logging import print_log

from .label_check import check_labels_on_all_ranks


class ClassMemoryBank(nn.Module):
    """C first-in-first-out queues, one per class, of class feature means.

    After each step, the queue of every class present in the step drops its
    oldest entry (once it holds ``queue_len``) and appends the mean of the
    step's features of that class; classes absent from the step are left
    untouched. The mean of a queue is that class's center, the "m̄_c" of
    `Wang et al. <https://arxiv.org/abs/2206.02180>`_ (Eq. 7).

    The queues live in registered buffers, so they are saved in checkpoints
    and restored on resume. Under ``torch.distributed`` the per-class sums
    and counts are all-reduced before pushing, so every rank pushes the same
    means and the banks stay identical (mmengine wraps models with
    ``broadcast_buffers=False``, so DDP does not sync them). Every rank must
    therefore call :meth:`update` at each step, even with no labelled
    element.

    The bank is never poisoned: a class whose step mean is not finite (a
    NaN or inf feature on any rank) is not pushed, with a warning naming
    the class; its queue keeps its entries. Stopping a diverged run is the
    job of ``NonFiniteLossHook``.

    Args:
        num_classes (int): Number of classes C.
        feat_dim (int): Feature dimension D.
        queue_len (int): Length of each queue. Defaults to 32.
        ignore_index (int): Label of elements that belong to no class.
            Defaults to 255.
    """

    def __init__(self,
                 num_classes: int,
                 feat_dim: int,
                 queue_len: int = 32,
                 ignore_index: int = 255) -> None:
        super().__init__()
        for name, value in (('num_classes', num_classes),
                            ('feat_dim', feat_dim), ('queue_len', queue_len)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(
                    f'{name} must be a positive int, got {value!r}')
        if 0 <= ignore_index < num_classes:
            raise ValueError(f'ignore_index {ignore_index} is a class index '
                             f'(num_classes={num_classes})')
        self.num_classes = num_classes
        self.feat_dim = feat_dim
        self.queue_len = queue_len
        self.ignore_index = ignore_index
        # Unfilled slots stay zero, so a queue's sum over slots divided by
        # its fill level is the mean of its entries.
        self.register_buffer('queue',
                             torch.zeros(num_classes, queue_len, feat_dim))
        # Pushes so far per class: the write position (modulo queue_len)
        # and the fill level (capped at queue_len) both follow from it.
        self.register_buffer('num_pushed',
                             torch.zeros(num_classes, dtype=torch.long))

    def extra_repr(self) -> str:
        """Extra repr."""
        return (f'num_classes={self.num_classes}, feat_dim={self.feat_dim}, '
                f'queue_len={self.queue_len}, '
                f'ignore_index={self.ignore_index}')

    @torch.no_grad()
    def update(self, feats: torch.Tensor,
               labels: torch.Tensor) -> torch.Tensor:
        """Push the mean feature of each class present in this step.

        Args:
            feats (torch.Tensor): Features of shape (N, D); detached here.
            labels (torch.Tensor): Integer labels of shape (N,), each in
                ``[0, num_classes)`` or ``ignore_index``.

        Returns:
            torch.Tensor: The number of elements of each class (C,) in this
            step, summed over all ranks.

        Raises:
            InvalidLabelError: On every rank, if a label of any rank is not.
        """
        if feats.dim() != 2 or feats.shape[1] != self.feat_dim:
            raise ValueError(f'feats must have shape (N, {self.feat_dim}), '
                             f'got {tuple(feats.shape)}')
        if labels.shape != feats.shape[:1]:
            raise ValueError(f'labels must have shape ({feats.shape[0]},) '
                             f'to match feats, got {tuple(labels.shape)}')
        # Every rank raises, not only the one with a bad label: the others
        # would wait in the all-reduce below.
        check_labels_on_all_ranks(labels, self.num_classes,
                                  self.ignore_index, 'ClassMemoryBank labels')
        keep = labels != self.ignore_index
        feats = feats.detach()[keep].to(self.queue.dtype)
        labels = labels[keep].long()
        # One (C, D + 1) tensor of sums and counts, so one collective for both.
        sums_counts = feats.new_zeros(self.num_classes, self.feat_dim + 1)
        sums_counts[:, :-1].index_add_(0, labels, feats)
        sums_counts[:, -1] = torch.bincount(
            labels, minlength=self.num_classes).to(feats.dtype)
        all_reduce(sums_counts, op='sum')
        counts = sums_counts[:, -1]
        # After the all-reduce, so that every rank skips the same classes.
        finite = torch.isfinite(sums_counts[:, :-1]).all(dim=1)
        poisoned = torch.nonzero((counts > 0) & ~finite).flatten()
        if poisoned.numel():
            print_log(
                'ClassMemoryBank: non-finite features of class(es) '
                f'{poisoned.tolist()} not pushed (the bank keeps its entries)',
                logger='current',
                level=logging.WARNING)
        present = torch.nonzero((counts > 0) & finite).flatten()
        means = sums_counts[present, :-1] / counts[present, None]
        slots = self.num_pushed[present] % self.queue_len
        self.queue[present, slots] = means
        self.num_pushed[present] += 1
        return counts

    def centers(self) -> Tuple[torch.Tensor, torch.Tensor]:
        """The mean of each queue.

        Returns:
            tuple[torch.Tensor, torch.Tensor]: The (C, D) queue means (zero
            rows for empty queues) and a (C,) bool mask of the classes whose
            queue holds at least one entry.
        """
        filled = self.num_pushed.clamp(max=self.queue_len)
        centers = self.queue.sum(dim=1) / filled.clamp(min=1)[:, None]
        return centers, filled > 0
