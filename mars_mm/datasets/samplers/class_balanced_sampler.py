"""Class-balanced groups for the inter-class contrastive stream."""
import itertools
import logging
import math
from typing import Iterator, List, Optional, Sequence, Sized

import numpy as np
import torch
from mmengine.dataset import ConcatDataset
from mmengine.dist import get_dist_info, sync_random_seed
from mmengine.logging import print_log
from mmengine.registry import DATA_SAMPLERS
from torch.utils.data import Sampler


def _read_labels(dataset: Sized) -> np.ndarray:
    """Read one class label per sample without loading any image.

    Args:
        dataset (Sized): A dataset with ``get_gt_labels()`` (mmpretrain) or
            ``get_cat_ids(idx)``, or an mmengine ``ConcatDataset`` of such
            datasets (read through its offsets).

    Returns:
        np.ndarray: The label of each index of ``dataset``, shape ``(N,)``.
    """
    if hasattr(dataset, 'get_gt_labels'):
        return np.asarray(dataset.get_gt_labels(), dtype=np.int64)
    if isinstance(dataset, ConcatDataset):
        return np.concatenate([_read_labels(d) for d in dataset.datasets])
    if hasattr(dataset, 'get_cat_ids'):
        labels = []
        for idx in range(len(dataset)):
            cat_ids = dataset.get_cat_ids(idx)
            if len(cat_ids) != 1:
                raise ValueError(
                    'ClassBalancedSampler needs exactly one label per '
                    f'sample, but sample {idx} has {list(cat_ids)}')
            labels.append(cat_ids[0])
        return np.asarray(labels, dtype=np.int64)
    raise TypeError(
        f'ClassBalancedSampler cannot read labels from '
        f'{type(dataset).__name__}: it needs `get_gt_labels()` or '
        '`get_cat_ids(idx)`, or a ConcatDataset of such datasets')


@DATA_SAMPLERS.register_module()
class ClassBalancedSampler(Sampler):
    """Yield groups that hold ``samples_per_class`` samples of every class.

    The supervised inter-class contrastive loss (Eq. 2) needs, at each step,
    two different samples of each class. Every group lists, for ``j`` in
    ``range(samples_per_class)``, the ``j``-th sample of each class in class
    order, so a group is ``num_classes x samples_per_class`` indices and a
    batch of that size covers every class. Within a class, samples are drawn
    without replacement from a shuffled pass over the class (a new pass
    starts when too few remain), so a group's samples of one class are
    distinct; a class with fewer images than ``samples_per_class`` repeats
    them (with replacement). Classes without samples are left out and
    logged.

    In distributed training all ranks draw the same sequence of groups from
    a shared seed and rank ``r`` takes groups ``r, r + world_size, ...``:
    the ranks see disjoint groups and the same number of them.

    Alone, it wants a dataloader ``batch_size`` of :attr:`group_size` (or a
    multiple); inside :class:`MultiSourceSampler`, that source's batch size.

    Args:
        dataset (Sized): The dataset; labels are read through
            ``get_gt_labels()`` or ``get_cat_ids(idx)`` (also through an
            mmengine ``ConcatDataset``). Negative labels (unlabelled) are
            skipped.
        samples_per_class (int): Samples of each class in a group.
            Defaults to 2, the paper's pairs.
        groups_per_epoch (int, optional): Groups in one epoch, all ranks
            together. Defaults to None: as many groups as it takes to draw
            as many samples as the dataset holds.
        seed (int, optional): Random seed, identical on all ranks. Defaults
            to None: a seed drawn on rank 0 and broadcast.
    """

    def __init__(self,
                 dataset: Sized,
                 samples_per_class: int = 2,
                 groups_per_epoch: Optional[int] = None,
                 seed: Optional[int] = None) -> None:
        if samples_per_class < 1:
            raise ValueError('samples_per_class must be >= 1, but got '
                             f'{samples_per_class}')
        self.rank, self.world_size = get_dist_info()
        self.dataset = dataset
        self.samples_per_class = samples_per_class
        self.seed = sync_random_seed() if seed is None else seed
        self.epoch = 0

        labels = _read_labels(dataset)
        self.class_indices = self._group_by_class(labels)
        self.group_size = len(self.class_indices) * samples_per_class
        if groups_per_epoch is None:
            groups_per_epoch = math.ceil(len(labels) / self.group_size)
        if groups_per_epoch < 1:
            raise ValueError('groups_per_epoch must be >= 1, but got '
                             f'{groups_per_epoch}')
        # Round up so that every rank gets the same number of groups.
        self.groups_per_rank = math.ceil(groups_per_epoch / self.world_size)

    def _group_by_class(self, labels: np.ndarray) -> List[np.ndarray]:
        """List the indices of each class that has samples; log the rest.

        Args:
            labels (np.ndarray): The label of each index, ``(N,)``.

        Returns:
            list[np.ndarray]: The indices of each non-empty class, in class
            order.
        """
        known = labels[labels >= 0]
        if known.size == 0:
            raise ValueError('ClassBalancedSampler found no labelled sample '
                             f'in {type(self.dataset).__name__}')
        classes = (self.dataset.metainfo.get('classes') if hasattr(
            self.dataset, 'metainfo') else None)
        num_classes = len(classes) if classes else int(known.max()) + 1
        if known.max() >= num_classes:
            raise ValueError(f'label {known.max()} is out of range for the '
                             f'{num_classes} classes of the dataset metainfo')
        counts = np.bincount(known, minlength=num_classes)
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            names = [classes[c] if classes else str(c) for c in empty]
            print_log(
                f'ClassBalancedSampler: {empty.size} classes have no '
                f'samples and are left out of the groups: {names}',
                logger='current',
                level=logging.WARNING)
        return [np.flatnonzero(labels == c) for c in np.flatnonzero(counts)]

    def _class_stream(self, indices: np.ndarray,
                      generator: torch.Generator) -> Iterator[List[int]]:
        """Endlessly draw ``samples_per_class`` samples of one class.

        Args:
            indices (np.ndarray): The dataset indices of the class.
            generator (torch.Generator): The shared random generator.

        Yields:
            list[int]: Distinct indices while the class has enough samples,
            otherwise all of them and random repeats.
        """
        k = self.samples_per_class
        while True:
            order = indices[torch.randperm(
                len(indices), generator=generator).numpy()].tolist()
            if len(order) < k:
                extra = torch.randint(
                    len(indices), (k - len(order), ), generator=generator)
                yield order + indices[extra.numpy()].tolist()
                continue
            # Leftovers (fewer than k) are dropped so that no draw repeats a
            # sample; the next pass reshuffles the whole class.
            for start in range(0, len(order) - k + 1, k):
                yield order[start:start + k]

    def _groups(self, epoch: int) -> Iterator[List[int]]:
        """Endlessly yield the groups of all ranks for one epoch.

        Args:
            epoch (int): The epoch, mixed into the seed.

        Yields:
            list[int]: One group of ``group_size`` indices.
        """
        generator = torch.Generator()
        generator.manual_seed(self.seed + epoch)
        streams = [
            self._class_stream(indices, generator)
            for indices in self.class_indices
        ]
        while True:
            draws = [next(stream) for stream in streams]
            yield [draw[j] for j in range(self.samples_per_class)
                   for draw in draws]

    def class_samples(self, group: Sequence[int]) -> List[List[int]]:
        """Split one group into the samples of each class.

        A group lists the first draw of every class, then the second, and so
        on; this is the one place that knows it (the classifier pairs the
        samples of a batch by label, the browse tool by this).

        Args:
            group (Sequence[int]): ``group_size`` indices, as iterated.

        Returns:
            list[list[int]]: Per class (in class order), its
            ``samples_per_class`` indices.
        """
        if len(group) != self.group_size:
            raise ValueError(f'a group holds {self.group_size} indices, got '
                             f'{len(group)}')
        num_classes = len(self.class_indices)
        return [list(group[k::num_classes]) for k in range(num_classes)]

    def __iter__(self) -> Iterator[int]:
        """Iterate the indices of this rank's groups, group after group."""
        total = self.groups_per_rank * self.world_size
        groups = itertools.islice(
            self._groups(self.epoch), self.rank, total, self.world_size)
        # Materialised now, so that a later set_epoch does not change it.
        return iter([idx for group in groups for idx in group])

    def __len__(self) -> int:
        """The number of indices this rank yields in one epoch."""
        return self.groups_per_rank * self.group_size

    def set_epoch(self, epoch: int) -> None:
        """Set the epoch, which reshuffles the groups.

        Args:
            epoch (int): Epoch number.
        """
        self.epoch = epoch

