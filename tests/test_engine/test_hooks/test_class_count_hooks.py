"""ClassCountsHook and DeferredReweightingHook on a stand-in runner."""
from types import SimpleNamespace

import pytest
import torch
import torch.nn as nn
from mmengine.optim import MultiStepLR

from mars_mm.engine.hooks import ClassCountsHook, DeferredReweightingHook
from mars_mm.models.losses import LDAMLoss, ldam_margins


class _Labels:
    metainfo = dict(classes=('a', 'b', 'c', 'd'))

    def __init__(self, labels):
        self.labels = labels

    def get_gt_labels(self):
        return self.labels

    def __len__(self):
        return len(self.labels)


def _runner(model, labels=(0, 0, 0, 1, 2, 2), milestones=(20, 25)):
    optimizer = torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)
    return SimpleNamespace(
        model=model,
        epoch=0,
        train_dataloader=SimpleNamespace(dataset=_Labels(list(labels))),
        param_schedulers=[MultiStepLR(optimizer, milestones=milestones)])


def test_counts_cover_every_class_of_the_metainfo():
    # Class 'd' has no sample: the counts still have 4 entries, and LDAM
    # (whose margins need every class) says so.
    model = nn.Sequential(LDAMLoss())
    with pytest.raises(ValueError, match='count > 0'):
        ClassCountsHook().before_train(_runner(model))


def test_counts_reach_the_loss():
    loss = LDAMLoss()
    runner = _runner(nn.Sequential(loss), labels=(0, 0, 0, 1, 2, 2, 3))
    ClassCountsHook().before_train(runner)
    assert loss.margins.tolist() == pytest.approx(
        ldam_margins([3, 1, 2, 1], 0.5).tolist())


def test_a_model_without_such_a_loss_is_an_error():
    with pytest.raises(RuntimeError, match='set_class_counts'):
        ClassCountsHook().before_train(_runner(nn.Linear(1, 1)))


def test_drw_starts_at_the_first_milestone():
    loss = LDAMLoss(samples_per_class=[3, 1])
    runner = _runner(nn.Sequential(loss))
    hook = DeferredReweightingHook()
    for epoch, expected in ((0, False), (19, False), (20, True), (29, True)):
        runner.epoch = epoch
        hook.before_train_epoch(runner)
        assert loss.reweighting is expected
    runner.epoch = 4
    DeferredReweightingHook(start_epoch=5).before_train_epoch(runner)
    assert loss.reweighting is False
