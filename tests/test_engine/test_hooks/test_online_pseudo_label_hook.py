import glob
import itertools
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import DataLoader, Dataset

from mars_mm.engine.hooks import OnlinePseudoLabelHook

RUN_IDS = itertools.count()


class ToyDataset(Dataset):
    metainfo = dict(classes=('soil', 'bedrock', 'sand'))

    def __len__(self):
        return 4

    def __getitem__(self, idx):
        return dict(inputs=torch.full((2, ), float(idx)))


class PseudoToyModel(BaseModel):
    """Each step with pseudo labels on sees 10 unlabelled pixels, of which
    2 become soil and 3 bedrock."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)
        self.enabled = None
        self.unlabelled = torch.tensor(0)
        self.pseudo = torch.zeros(3, dtype=torch.long)

    def set_pseudo_labels(self, enabled):
        self.enabled = enabled

    def pop_pseudo_label_stats(self):
        stats = self.unlabelled, self.pseudo
        self.unlabelled = torch.tensor(0)
        self.pseudo = torch.zeros(3, dtype=torch.long)
        return stats

    def forward(self, inputs, data_samples=None, mode='loss'):
        if self.enabled:
            self.unlabelled = self.unlabelled + 10
            self.pseudo = self.pseudo + torch.tensor([2, 3, 0])
        return dict(loss=self.linear(torch.stack(inputs)).mean())


class RecordStateHook(Hook):
    priority = 'LOW'

    def __init__(self):
        self.states = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.states.append((runner.iter, runner.model.enabled))


def run(work_dir, train_cfg, hook, resume=False):
    recorder = RecordStateHook()
    runner = Runner(
        model=PseudoToyModel(),
        work_dir=str(work_dir),
        train_dataloader=DataLoader(
            ToyDataset(), batch_size=2, collate_fn=pseudo_collate),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=train_cfg,
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1)),
        custom_hooks=[hook, recorder],
        resume=resume,
        # Unique: mmengine reuses the logger (and log file) of a same-named
        # experiment started within the same second.
        experiment_name=f'pseudo_hook_{next(RUN_IDS)}')
    runner.train()
    with open(glob.glob(osp.join(runner.log_dir, '*.log'))[0]) as f:
        return recorder.states, f.read()


def test_enables_from_epoch_and_logs_coverage(tmp_path):
    states, log = run(
        tmp_path, dict(by_epoch=True, max_epochs=2),
        dict(type='OnlinePseudoLabelHook', begin=1, interval=2))
    assert states == [(0, False), (1, False), (2, True), (3, True)]
    assert 'Online pseudo labels on at epoch 1' in log
    # Logged once, after iterations 2 and 3: 20 unlabelled, 4 soil and 6
    # bedrock; nothing is logged for the interval without pseudo labels.
    assert log.count('Pseudo labels:') == 1
    assert ('Pseudo labels: 50.00% of 20 unlabelled pixels (soil 20.00%, '
            'bedrock 30.00%, sand 0.00%)') in log


def test_enables_from_iteration(tmp_path):
    states, _ = run(
        tmp_path, dict(by_epoch=False, max_iters=4),
        dict(type='OnlinePseudoLabelHook', begin=3, by_epoch=False))
    assert states == [(0, False), (1, False), (2, False), (3, True)]


def test_resumed_run_gets_pseudo_labels_back(tmp_path):
    hook = dict(type='OnlinePseudoLabelHook', begin=1, interval=2)
    run(tmp_path, dict(by_epoch=True, max_epochs=1), hook)
    states, _ = run(
        tmp_path, dict(by_epoch=True, max_epochs=2), hook, resume=True)
    assert states == [(2, True), (3, True)]


@pytest.mark.parametrize('kwargs, match', [(dict(begin=-1), 'begin'),
                                           (dict(interval=0), 'interval')])
def test_bad_arguments_are_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        OnlinePseudoLabelHook(**kwargs)
