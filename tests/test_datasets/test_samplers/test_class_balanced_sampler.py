from collections import Counter

import numpy as np
import pytest
from mmengine.dataset import BaseDataset, ConcatDataset

from mars_mm.datasets.samplers import ClassBalancedSampler
from mars_mm.datasets.samplers import class_balanced_sampler as sampler_module

CLASSES = ('a', 'b', 'c', 'd', 'e')


class LabelledSet(BaseDataset):
    """An in-memory dataset with mmpretrain's ``get_gt_labels``."""

    def __init__(self, labels, classes=CLASSES):
        self.labels = list(labels)
        super().__init__(metainfo=dict(classes=classes), serialize_data=False)

    def load_data_list(self):
        return [dict(gt_label=label) for label in self.labels]

    def get_gt_labels(self):
        return np.array([info['gt_label'] for info in self.data_list])


class CatIdsSet:
    """A dataset exposing only ``get_cat_ids``."""

    def __init__(self, labels):
        self.labels = list(labels)

    def __len__(self):
        return len(self.labels)

    def get_cat_ids(self, idx):
        return [self.labels[idx]]


# Class 'a' has 6 samples, 'b' 4, 'c' 1, 'd' none, 'e' 3.
LABELS = [0, 1, 0, 4, 0, 1, 2, 0, 4, 1, 0, 4, 0, 1]


def _groups(sampler):
    indices = list(sampler)
    assert len(indices) == len(sampler)
    size = sampler.group_size
    return [indices[i:i + size] for i in range(0, len(indices), size)]


def test_every_group_holds_each_present_class_twice_in_class_order():
    dataset = LabelledSet(LABELS)
    sampler = ClassBalancedSampler(dataset, samples_per_class=2, seed=0)
    assert sampler.group_size == 8  # 4 classes with samples x 2
    for group in _groups(sampler):
        labels = [LABELS[i] for i in group]
        # Block j holds the j-th sample of each class, in class order.
        assert labels == [0, 1, 2, 4, 0, 1, 2, 4]
        for c in (0, 1, 4):  # enough samples: two different images
            first, second = (i for i in group if LABELS[i] == c)
            assert first != second


def test_one_sample_class_repeats_its_image():
    dataset = LabelledSet(LABELS)
    sampler = ClassBalancedSampler(dataset, seed=0)
    only_c = LABELS.index(2)
    for group in _groups(sampler):
        assert [i for i in group if LABELS[i] == 2] == [only_c, only_c]


def test_a_pass_over_a_class_uses_each_image_before_repeating():
    # Class 'b' has 4 images: two consecutive groups draw all of them.
    dataset = LabelledSet(LABELS)
    sampler = ClassBalancedSampler(dataset, groups_per_epoch=6, seed=3)
    groups = _groups(sampler)
    b_images = sorted(i for i, label in enumerate(LABELS) if label == 1)
    for g in range(0, 6, 2):
        drawn = [i for i in groups[g] + groups[g + 1] if LABELS[i] == 1]
        assert sorted(drawn) == b_images


def test_more_samples_per_class_than_a_class_holds():
    dataset = LabelledSet(LABELS)
    sampler = ClassBalancedSampler(dataset, samples_per_class=5, seed=1)
    for group in _groups(sampler):
        per_class = Counter(LABELS[i] for i in group)
        assert per_class == {0: 5, 1: 5, 2: 5, 4: 5}
        # 'a' (6 images) gives 5 different ones; 'e' (3) all 3 plus repeats.
        assert len({i for i in group if LABELS[i] == 0}) == 5
        assert len({i for i in group if LABELS[i] == 4}) == 3


def test_empty_class_is_left_out_and_logged(monkeypatch):
    messages = []
    monkeypatch.setattr(sampler_module, 'print_log',
                        lambda msg, **kwargs: messages.append(msg))
    ClassBalancedSampler(LabelledSet(LABELS), seed=0)
    assert len(messages) == 1 and "['d']" in messages[0]


def test_default_epoch_draws_about_one_pass():
    sampler = ClassBalancedSampler(LabelledSet(LABELS), seed=0)
    # 14 labelled samples in groups of 8 -> 2 groups.
    assert len(sampler) == 16
    sampler = ClassBalancedSampler(
        LabelledSet(LABELS), groups_per_epoch=5, seed=0)
    assert len(sampler) == 40


def test_deterministic_per_seed_and_reshuffled_by_epoch():
    def draw(seed, epoch):
        sampler = ClassBalancedSampler(
            LabelledSet(LABELS), groups_per_epoch=4, seed=seed)
        sampler.set_epoch(epoch)
        return list(sampler)

    assert draw(0, 0) == draw(0, 0)
    assert draw(0, 1) == draw(0, 1)
    assert draw(0, 0) != draw(0, 1)
    assert draw(0, 0) != draw(1, 0)


def test_ranks_get_disjoint_groups_and_equal_lengths(monkeypatch):
    def groups_of(rank, world_size, groups_per_epoch):
        monkeypatch.setattr(sampler_module, 'get_dist_info',
                            lambda: (rank, world_size))
        sampler = ClassBalancedSampler(
            LabelledSet(LABELS), groups_per_epoch=groups_per_epoch, seed=7)
        sampler.set_epoch(2)
        return _groups(sampler)

    rank0, rank1 = groups_of(0, 2, 5), groups_of(1, 2, 5)
    # 5 groups round up to 3 per rank.
    assert len(rank0) == len(rank1) == 3
    # The ranks split one shared sequence of groups, position by position,
    # as a single process drawing 6 groups would see it.
    single = groups_of(0, 1, 6)
    assert rank0 == single[0::2] and rank1 == single[1::2]
    assert all(a != b for a in rank0 for b in rank1)


def test_labels_read_through_concat_dataset_offsets():
    first = LabelledSet([0, 0, 1])
    second = LabelledSet([1, 2, 2, 0])
    sampler = ClassBalancedSampler(ConcatDataset([first, second]), seed=0)
    concat_labels = [0, 0, 1, 1, 2, 2, 0]
    for group in _groups(sampler):
        assert [concat_labels[i] for i in group] == [0, 1, 2, 0, 1, 2]


def test_labels_read_through_get_cat_ids_and_unlabeled_skipped():
    dataset = CatIdsSet([0, -1, 1, 1, 0, -1])
    sampler = ClassBalancedSampler(dataset, seed=0)
    for group in _groups(sampler):
        assert [dataset.labels[i] for i in group] == [0, 1, 0, 1]


def test_bad_input_is_rejected():
    with pytest.raises(TypeError, match='get_gt_labels'):
        ClassBalancedSampler([1, 2, 3], seed=0)
    with pytest.raises(ValueError, match='samples_per_class'):
        ClassBalancedSampler(LabelledSet(LABELS), samples_per_class=0)
    with pytest.raises(ValueError, match='groups_per_epoch'):
        ClassBalancedSampler(LabelledSet(LABELS), groups_per_epoch=0)
    with pytest.raises(ValueError, match='no labelled sample'):
        ClassBalancedSampler(CatIdsSet([-1, -1]), seed=0)
    with pytest.raises(ValueError, match='out of range'):
        ClassBalancedSampler(LabelledSet([0, 7], classes=('a', 'b')), seed=0)

    class MultiLabel(CatIdsSet):

        def get_cat_ids(self, idx):
            return [0, 1]

    with pytest.raises(ValueError, match='one label per sample'):
        ClassBalancedSampler(MultiLabel([0]), seed=0)


@pytest.mark.parametrize('samples_per_class', [2, 3])
def test_class_samples_splits_a_group_by_class(samples_per_class):
    dataset = LabelledSet(LABELS)
    sampler = ClassBalancedSampler(
        dataset, samples_per_class=samples_per_class, seed=0)
    group = _groups(sampler)[0]
    per_class = sampler.class_samples(group)
    # Present classes a, b, c, e in class order, each with its draws.
    assert [[LABELS[i] for i in samples] for samples in per_class] == [
        [c] * samples_per_class for c in (0, 1, 2, 4)
    ]
    assert sorted(i for samples in per_class for i in samples) == \
        sorted(group)
    with pytest.raises(ValueError, match='a group holds'):
        sampler.class_samples(group[:-1])
