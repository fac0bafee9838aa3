import numpy as np
import pytest
from mmengine.dataset import BaseDataset, ConcatDataset
from mmengine.dataset import sampler as mmengine_sampler_module
from mmengine.runner.loops import _InfiniteDataloaderIterator
from torch.utils.data import DataLoader

from mars_mm.datasets.samplers import MultiSourceSampler
from mars_mm.datasets.samplers import class_balanced_sampler as cb_module
from mars_mm.datasets.samplers import multi_source_sampler as ms_module

CLASSES = ('a', 'b', 'c')


class LabelledSet(BaseDataset):
    """An in-memory dataset with mmpretrain's ``get_gt_labels``."""

    def __init__(self, labels):
        self.labels = list(labels)
        super().__init__(metainfo=dict(classes=CLASSES), serialize_data=False)

    def load_data_list(self):
        return [dict(gt_label=label) for label in self.labels]

    def get_gt_labels(self):
        return np.array(self.labels)


BALANCED_LABELS = [0, 0, 1, 1, 1, 2]  # groups of 3 classes x 2 = 6


def _sources(n0=10, n2=7):
    return ConcatDataset([
        LabelledSet([0] * n0),
        LabelledSet(BALANCED_LABELS),
        LabelledSet([0] * n2)
    ])


def _sampler(dataset=None, batch_sizes=(4, 6, 3), seed=0, **kwargs):
    return MultiSourceSampler(
        dataset or _sources(),
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='ClassBalancedSampler', samples_per_class=2),
            dict(type='DefaultSampler', shuffle=True)
        ],
        batch_sizes=batch_sizes,
        seed=seed,
        **kwargs)


def _batches(sampler):
    indices = list(sampler)
    assert len(indices) == len(sampler)
    size = sum(sampler.batch_sizes)
    return [indices[i:i + size] for i in range(0, len(indices), size)]


def _set_world(monkeypatch, rank, world_size):
    for module in (ms_module, cb_module, mmengine_sampler_module):
        monkeypatch.setattr(module, 'get_dist_info',
                            lambda: (rank, world_size))


def test_each_batch_takes_its_share_from_each_source():
    sampler = _sampler()
    # One pass over the 10 images of source 0 in batches of 4: 3 batches.
    assert len(sampler) == 3 * 13
    for batch in _batches(sampler):
        sup, balanced, unsup = batch[:4], batch[4:10], batch[10:]
        assert all(0 <= i < 10 for i in sup)
        assert all(16 <= i < 23 for i in unsup)
        labels = [BALANCED_LABELS[i - 10] for i in balanced]
        assert labels == [0, 1, 2, 0, 1, 2]


def test_epoch_is_one_pass_over_the_epoch_source_others_cycle():
    sup, unsup = [], []
    for batch in _batches(_sampler()):
        sup += batch[:4]
        unsup += batch[10:]
    # Source 0: a full permutation first, then the start of its next pass
    # fills the last batch.
    assert sorted(sup[:10]) == list(range(10))
    assert len(sup) == 12
    # Source 2 (7 images, 9 drawn) cycles into a reshuffled second pass.
    assert sorted(unsup[:7]) == list(range(16, 23))
    assert unsup[7:] != unsup[:2]
    # With source 2 defining the epoch: ceil(7 / 3) batches.
    assert len(_sampler(epoch_source=2)) == 3 * 13


def test_deterministic_reshuffled_by_epoch_and_resumable():
    run = _sampler(seed=5)
    epochs = []
    for epoch in range(3):
        run.set_epoch(epoch)
        epochs.append(list(run))
    assert epochs[0] != epochs[1] != epochs[2]
    assert list(_sampler(seed=5)) == epochs[0]
    assert list(_sampler(seed=6)) != epochs[0]
    # A run resumed at epoch 2 (the Runner calls set_epoch) draws what the
    # uninterrupted run drew.
    resumed = _sampler(seed=5)
    resumed.set_epoch(2)
    assert list(resumed) == epochs[2]


def test_ranks_split_the_sources(monkeypatch):
    def batches_of(rank):
        _set_world(monkeypatch, rank, 2)
        return _batches(_sampler(_sources(n0=16, n2=12), seed=3))

    rank0, rank1 = batches_of(0), batches_of(1)
    # 16 images / (2 ranks x 4): 2 batches on each rank.
    assert len(rank0) == len(rank1) == 2
    sup0 = [i for batch in rank0 for i in batch[:4]]
    sup1 = [i for batch in rank1 for i in batch[:4]]
    assert not set(sup0) & set(sup1)
    assert sorted(sup0 + sup1) == list(range(16))
    unsup0 = {i for batch in rank0 for i in batch[10:]}
    unsup1 = {i for batch in rank1 for i in batch[10:]}
    assert not unsup0 & unsup1
    for b0, b1 in zip(rank0, rank1):
        assert b0[4:10] != b1[4:10]


def test_bad_configuration_is_rejected():
    with pytest.raises(TypeError, match='ConcatDataset'):
        _sampler(LabelledSet([0, 1]))
    with pytest.raises(ValueError, match='3 sources'):
        _sampler(batch_sizes=(4, 6))
    with pytest.raises(ValueError, match='not all 0'):
        _sampler(batch_sizes=(4, -6, 3))
    with pytest.raises(ValueError, match='not all 0'):
        _sampler(batch_sizes=(0, 0, 0))
    with pytest.raises(ValueError, match='epoch_source 0 is not one of'):
        _sampler(batch_sizes=(0, 6, 3))
    with pytest.raises(ValueError, match='not a multiple of the group size 6'):
        _sampler(batch_sizes=(4, 4, 3))
    with pytest.raises(ValueError, match='epoch_source'):
        _sampler(epoch_source=3)


def test_a_source_of_size_0_is_left_out():
    sources = _sources()
    without_middle = MultiSourceSampler(
        ConcatDataset([sources.datasets[0], sources.datasets[2]]),
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='DefaultSampler', shuffle=True)
        ],
        batch_sizes=(4, 3),
        seed=0)
    sampler = _sampler(sources, batch_sizes=(4, 0, 3))
    shift = len(BALANCED_LABELS)
    for epoch in (0, 1):
        sampler.set_epoch(epoch)
        without_middle.set_epoch(epoch)
        # The batches of a sampler without that source, its later
        # sources' indices shifted past the source left out; no index of
        # the source left out.
        expected = [[i if j < 4 else i + shift for j, i in enumerate(batch)]
                    for batch in _batches(without_middle)]
        assert _batches(sampler) == expected
    assert len(sampler) == len(without_middle)


def test_iteration_based_resume_continues_the_same_batches():
    def loader():
        dataset = _sources()
        return DataLoader(
            dataset,
            batch_size=13,
            sampler=_sampler(dataset, seed=2),
            collate_fn=lambda batch: [(d['sample_idx'], d['gt_label'])
                                      for d in batch])

    # 3 batches per epoch: 5 steps cross into the second epoch.
    uninterrupted = _InfiniteDataloaderIterator(loader())
    batches = [next(uninterrupted) for _ in range(5)]
    for done in (2, 4):  # resumed within the first epoch, or after it
        resumed = _InfiniteDataloaderIterator(loader())
        resumed.skip_iter(done)  # as IterBasedTrainLoop does on resuming
        assert [next(resumed) for _ in range(5 - done)] == batches[done:]
