"""Batches drawn from several datasets at fixed sizes per dataset."""
import itertools
import math
from typing import Iterator, List, Optional, Sequence

from mmengine.dist import get_dist_info, sync_random_seed
from mmengine.registry import DATA_SAMPLERS
from torch.utils.data import ConcatDataset, Sampler


@DATA_SAMPLERS.register_module()
class MultiSourceSampler(Sampler):
    """Compose each batch of ``batch_sizes[s]`` indices from each source.

    The semi-supervised classifier trains three streams at once, each from
    its own dataset with its own pipeline: the labelled batch for cross
    entropy, the class-balanced batch for the inter-class contrastive loss
    and the unlabelled batch for the similarity loss. Given a
    ``ConcatDataset`` of these sources, this sampler builds one sampler per
    source on that source alone (any registered sampler, e.g.
    ``DefaultSampler`` or :class:`ClassBalancedSampler`, each
    distributed-aware) and yields, batch after batch, ``batch_sizes[0]``
    indices from source 0, then ``batch_sizes[1]`` from source 1, and so on,
    shifted by the source's offset in the ``ConcatDataset`` (as mmdet's
    ``MultiSourceSampler`` does for its semi-supervised detectors). The
    dataloader's ``batch_size`` must be ``sum(batch_sizes)``.

    One epoch is one pass over ``epoch_source``: as many batches as all
    ranks together need to see that source once. The other sources are
    cycled: when one runs out it starts its next pass, reshuffled. A
    source's ``k``-th pass in epoch ``e`` is its sampler's epoch
    ``e * P + k`` (``P``: passes it needs per epoch), so every epoch and
    every resumed run draws the same, fresh, order.

    Args:
        dataset (ConcatDataset): The sources, in the order of
            ``source_samplers`` and ``batch_sizes``.
        source_samplers (Sequence[dict]): One sampler config per source,
            built with that source's dataset.
        batch_sizes (Sequence[int]): Indices drawn from each source per
            batch. A source drawn by a sampler with a ``group_size`` (such as
            :class:`ClassBalancedSampler`) needs a multiple of it. A source
            of size 0 is not drawn (its sampler is not built): so a config
            leaves out a stream by its size alone, as the stream ablations
            do, and batches are those of the same sampler without that
            source.
        epoch_source (int): The source whose one pass is one epoch.
            Defaults to 0.
        seed (int, optional): Random seed, identical on all ranks; the
            ``k``-th drawn source (sources of size 0 not counted) gets
            ``seed + k`` unless its config sets one. Defaults to None: a seed
            drawn on rank 0 and broadcast.
    """

    def __init__(self,
                 dataset: ConcatDataset,
                 source_samplers: Sequence[dict],
                 batch_sizes: Sequence[int],
                 epoch_source: int = 0,
                 seed: Optional[int] = None) -> None:
        if not isinstance(dataset, ConcatDataset):
            raise TypeError('MultiSourceSampler needs a ConcatDataset of its '
                            f'sources, but got {type(dataset).__name__}')
        num_sources = len(dataset.datasets)
        if not len(source_samplers) == len(batch_sizes) == num_sources:
            raise ValueError(
                f'The ConcatDataset has {num_sources} sources but '
                f'{len(source_samplers)} source_samplers and '
                f'{len(batch_sizes)} batch_sizes were given')
        if any(size < 0 for size in batch_sizes) or not any(batch_sizes):
            raise ValueError('batch_sizes must be >= 0 and not all 0, but '
                             f'got {list(batch_sizes)}')
        if not 0 <= epoch_source < num_sources or \
                batch_sizes[epoch_source] == 0:
            raise ValueError(f'epoch_source {epoch_source} is not one of the '
                             f'{num_sources} sources with a batch size > 0 '
                             f'(batch_sizes {list(batch_sizes)})')
        self.dataset = dataset
        self.seed = sync_random_seed() if seed is None else seed
        self.epoch = 0
        # The drawn sources: their index, offset, size and sampler.
        self.sources = [s for s, size in enumerate(batch_sizes) if size]
        offsets = [0] + list(dataset.cumulative_sizes[:-1])
        self.offsets = [offsets[s] for s in self.sources]
        self.batch_sizes = [batch_sizes[s] for s in self.sources]
        self.samplers = [
            DATA_SAMPLERS.build(
                source_samplers[s],
                default_args=dict(
                    dataset=dataset.datasets[s], seed=self.seed + k))
            for k, s in enumerate(self.sources)
        ]
        for s, sampler, size in zip(self.sources, self.samplers,
                                    self.batch_sizes):
            if len(sampler) == 0:
                raise ValueError(f'The sampler of source {s} yields no index '
                                 'on this rank')
            group_size = getattr(sampler, 'group_size', size)
            if size % group_size:
                raise ValueError(
                    f'batch_sizes[{s}] = {size} is not a multiple of the '
                    f'group size {group_size} of its '
                    f'{type(sampler).__name__}')

        # From the global length, so that all ranks agree on it.
        _, world_size = get_dist_info()
        self.num_batches = math.ceil(
            len(dataset.datasets[epoch_source]) /
            (world_size * batch_sizes[epoch_source]))
        self.passes_per_epoch = [
            math.ceil(self.num_batches * size / len(sampler))
            for sampler, size in zip(self.samplers, self.batch_sizes)
        ]

    def _source_stream(self, source: int, epoch: int) -> Iterator[int]:
        """Endlessly yield one source's indices, pass after pass.

        Args:
            source (int): The source's place among the drawn ones.
            epoch (int): The epoch of this sampler.

        Yields:
            int: An index into the source's own dataset.
        """
        sampler = self.samplers[source]
        for k in itertools.count():
            sampler.set_epoch(epoch * self.passes_per_epoch[source] + k)
            yield from iter(sampler)

    def __iter__(self) -> Iterator[int]:
        """Iterate the indices of this rank, batch after batch."""
        streams = [
            self._source_stream(s, self.epoch)
            for s in range(len(self.samplers))
        ]
        indices: List[int] = []
        for _ in range(self.num_batches):
            for stream, offset, size in zip(streams, self.offsets,
                                            self.batch_sizes):
                indices.extend(
                    offset + idx for idx in itertools.islice(stream, size))
        return iter(indices)

    def __len__(self) -> int:
        """The number of indices this rank yields in one epoch."""
        return self.num_batches * sum(self.batch_sizes)

    def set_epoch(self, epoch: int) -> None:
        """Set the epoch, which reshuffles every source.

        Args:
            epoch (int): Epoch number.
        """
        self.epoch = epoch
