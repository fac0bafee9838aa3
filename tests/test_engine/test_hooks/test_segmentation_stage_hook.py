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

from mars_mm.engine.hooks import SegmentationStageHook

RUN_IDS = itertools.count()
STAGES = [
    dict(name='pretrain', begin=0, seg_loss_weight=0.,
         contrast_loss_weight=1.),
    dict(name='joint', begin=1, seg_loss_weight=1.,
         contrast_loss_weight=0.001),
    dict(name='pseudo', begin=2, seg_loss_weight=1.,
         contrast_loss_weight=0.001),
]
WEIGHTS = [(s['seg_loss_weight'], s['contrast_loss_weight']) for s in STAGES]


class ToyDataset(Dataset):

    def __len__(self):
        return 4

    def __getitem__(self, idx):
        return dict(inputs=torch.full((2, ), float(idx)))


class ToyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='loss'):
        return dict(loss=self.linear(torch.stack(inputs)).mean())


class WeightedToyModel(ToyModel):
    """Offers the stage hook's interface and nothing else."""

    weights = None

    def set_loss_weights(self, seg_loss_weight, contrast_loss_weight):
        self.weights = (seg_loss_weight, contrast_loss_weight)


class RecordWeightsHook(Hook):
    """Runs after the stage hook (lower priority) at each iteration."""

    priority = 'LOW'

    def __init__(self):
        self.records = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.records.append(
            (runner.epoch, runner.iter, getattr(runner.model, 'weights',
                                                None)))


def make_runner(work_dir, train_cfg, stage_hook, resume=False,
                model_type=WeightedToyModel):
    recorder = RecordWeightsHook()
    runner = Runner(
        model=model_type(),
        work_dir=str(work_dir),
        train_dataloader=DataLoader(
            ToyDataset(), batch_size=2, collate_fn=pseudo_collate),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=train_cfg,
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=1),
            logger=dict(type='LoggerHook', interval=1)),
        custom_hooks=[stage_hook, recorder],
        resume=resume,
        # Unique: mmengine reuses the logger (and log file) of a same-named
        # experiment started within the same second.
        experiment_name=f'stage_hook_{next(RUN_IDS)}')
    return runner, recorder


def test_switches_at_epoch_boundaries(tmp_path):
    runner, recorder = make_runner(
        tmp_path, dict(by_epoch=True, max_epochs=3),
        dict(type='SegmentationStageHook', stages=STAGES))
    runner.train()
    # Two iterations per epoch; stages begin at epochs 0, 1 and 2.
    assert recorder.records == [(0, 0, WEIGHTS[0]), (0, 1, WEIGHTS[0]),
                                (1, 2, WEIGHTS[1]), (1, 3, WEIGHTS[1]),
                                (2, 4, WEIGHTS[2]), (2, 5, WEIGHTS[2])]


def test_switches_at_iterations(tmp_path):
    stages = [dict(s, begin=b) for s, b in zip(STAGES, (0, 3, 4))]
    runner, recorder = make_runner(
        tmp_path, dict(by_epoch=False, max_iters=5),
        dict(type='SegmentationStageHook', stages=stages, by_epoch=False))
    runner.train()
    assert [w for _, _, w in recorder.records] == [WEIGHTS[0]] * 3 + [
        WEIGHTS[1], WEIGHTS[2]
    ]


def test_resumed_run_continues_in_its_stage(tmp_path):
    hook = dict(type='SegmentationStageHook', stages=STAGES)
    runner, _ = make_runner(tmp_path, dict(by_epoch=True, max_epochs=2),
                            hook)
    runner.train()
    # A fresh model and hook; the checkpoint of epoch 2 says where we are.
    runner, recorder = make_runner(
        tmp_path, dict(by_epoch=True, max_epochs=3), hook, resume=True)
    runner.train()
    assert recorder.records == [(2, 4, WEIGHTS[2]), (2, 5, WEIGHTS[2])]
    with open(glob.glob(osp.join(runner.log_dir, '*.log'))[0]) as f:
        assert 'Stage 3/3 (pseudo) at epoch 2' in f.read()


def test_resumed_iteration_run_restores_middle_stage(tmp_path):
    stages = [dict(s, begin=b) for s, b in zip(STAGES, (0, 1, 10))]
    hook = dict(type='SegmentationStageHook', stages=stages, by_epoch=False)
    runner, _ = make_runner(tmp_path, dict(by_epoch=False, max_iters=2),
                            hook)
    runner.train()
    runner, recorder = make_runner(
        tmp_path, dict(by_epoch=False, max_iters=3), hook, resume=True)
    runner.train()
    # (The iteration loop counts epochs as passes over the data.)
    assert recorder.records == [(1, 2, WEIGHTS[1])]


def test_model_without_interface_is_rejected(tmp_path):
    runner, _ = make_runner(
        tmp_path,
        dict(by_epoch=True, max_epochs=1),
        dict(type='SegmentationStageHook', stages=STAGES),
        model_type=ToyModel)
    with pytest.raises(TypeError, match='set_loss_weights'):
        runner.train()


@pytest.mark.parametrize('stages, match', [
    ([], 'at least one'),
    ([dict(begin=1, seg_loss_weight=1., contrast_loss_weight=1.)],
     'start at 0'),
    ([STAGES[0], dict(STAGES[1], begin=0)], 'increase'),
    ([dict(seg_loss_weight=1.)], 'keys'),
    ([dict(STAGES[0], lr=1.)], 'keys'),
    ([STAGES[0], dict(STAGES[1], begin=60.)], 'fraction'),
    ([STAGES[0], dict(STAGES[1], begin=0.5),
      dict(STAGES[2], begin=0.25)], 'increase'),
])
def test_bad_stages_are_rejected(stages, match):
    with pytest.raises(ValueError, match=match):
        SegmentationStageHook(stages)


def test_bad_log_interval_is_rejected():
    with pytest.raises(ValueError, match='pseudo_label_log_interval'):
        SegmentationStageHook(STAGES, pseudo_label_log_interval=0)


def test_stage_index():
    hook = SegmentationStageHook(STAGES)
    assert [hook.stage_index(p) for p in range(5)] == [0, 1, 2, 2, 2]


def test_fractional_begins_follow_the_length_of_the_run(tmp_path):
    stages = [dict(s, begin=b) for s, b in zip(STAGES, (0, 1 / 3, 2 / 3))]
    runner, recorder = make_runner(
        tmp_path, dict(by_epoch=True, max_epochs=6),
        dict(type='SegmentationStageHook', stages=stages))
    runner.train()
    # Epochs 0-1, 2-3 and 4-5, two iterations each.
    assert [w for _, _, w in recorder.records] == \
        [WEIGHTS[0]] * 4 + [WEIGHTS[1]] * 4 + [WEIGHTS[2]] * 4


def test_fractional_begins_are_resolved_at_training_only():
    hook = SegmentationStageHook(
        [dict(s, begin=b) for s, b in zip(STAGES, (0, 0.5, 0.75))])
    with pytest.raises(RuntimeError, match='fractions'):
        hook.stage_index(0)
    assert SegmentationStageHook.resolve_begin(0.5, 180) == 90
    assert SegmentationStageHook.resolve_begin(60, 180) == 60


class ToyDatasetWithClasses(ToyDataset):
    metainfo = dict(classes=('soil', 'bedrock', 'sand'))


class PseudoToyModel(WeightedToyModel):
    """Each step with pseudo labels on sees 10 unlabelled pixels, of which
    2 become soil and 3 bedrock."""

    def __init__(self):
        super().__init__()
        self.enabled = None
        self.unlabeled = torch.tensor(0)
        self.pseudo = torch.zeros(3, dtype=torch.long)

    def set_pseudo_labels(self, enabled):
        self.enabled = enabled

    def pop_pseudo_label_stats(self):
        stats = self.unlabeled, self.pseudo
        self.unlabeled = torch.tensor(0)
        self.pseudo = torch.zeros(3, dtype=torch.long)
        return stats

    def forward(self, inputs, data_samples=None, mode='loss'):
        if self.enabled:
            self.unlabeled = self.unlabeled + 10
            self.pseudo = self.pseudo + torch.tensor([2, 3, 0])
        return super().forward(inputs, data_samples, mode)


class RecordPseudoHook(Hook):
    priority = 'LOW'

    def __init__(self):
        self.states = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.states.append((runner.iter, runner.model.enabled))


PSEUDO_STAGES = [
    dict(name='joint', begin=0, seg_loss_weight=1.,
         contrast_loss_weight=0.001),
    dict(name='joint + pseudo labels', begin=1, seg_loss_weight=1.,
         contrast_loss_weight=0.001, pseudo_labels=True),
]


def run_pseudo(work_dir, train_cfg, hook, resume=False):
    recorder = RecordPseudoHook()
    runner = Runner(
        model=PseudoToyModel(),
        work_dir=str(work_dir),
        train_dataloader=DataLoader(
            ToyDatasetWithClasses(), batch_size=2,
            collate_fn=pseudo_collate),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        train_cfg=train_cfg,
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1)),
        custom_hooks=[hook, recorder],
        resume=resume,
        experiment_name=f'stage_hook_{next(RUN_IDS)}')
    runner.train()
    with open(glob.glob(osp.join(runner.log_dir, '*.log'))[0]) as f:
        return recorder.states, f.read()


def test_pseudo_labels_follow_the_stage_and_coverage_is_logged(tmp_path):
    states, log = run_pseudo(
        tmp_path, dict(by_epoch=True, max_epochs=2),
        dict(type='SegmentationStageHook', stages=PSEUDO_STAGES,
             pseudo_label_log_interval=2))
    assert states == [(0, False), (1, False), (2, True), (3, True)]
    assert ('Stage 2/2 (joint + pseudo labels) at epoch 1: '
            'seg_loss_weight=1.0, contrast_loss_weight=0.001, pseudo labels '
            'on') in log
    # Logged once, after iterations 2 and 3: 20 unlabelled, 4 soil and 6
    # bedrock; nothing is logged for the interval without pseudo labels.
    assert log.count('Pseudo labels:') == 1
    assert ('Pseudo labels: 50.00% of 20 unlabelled pixels (soil 20.00%, '
            'bedrock 30.00%, sand 0.00%)') in log


def test_pseudo_labels_by_iteration(tmp_path):
    stages = [dict(PSEUDO_STAGES[0]), dict(PSEUDO_STAGES[1], begin=3)]
    states, _ = run_pseudo(
        tmp_path, dict(by_epoch=False, max_iters=4),
        dict(type='SegmentationStageHook', stages=stages, by_epoch=False))
    assert states == [(0, False), (1, False), (2, False), (3, True)]


def test_resumed_run_gets_pseudo_labels_back(tmp_path):
    hook = dict(type='SegmentationStageHook', stages=PSEUDO_STAGES)
    run_pseudo(tmp_path, dict(by_epoch=True, max_epochs=1), hook)
    states, _ = run_pseudo(
        tmp_path, dict(by_epoch=True, max_epochs=2), hook, resume=True)
    assert states == [(2, True), (3, True)]


def test_pseudo_label_stage_needs_a_pseudo_label_model(tmp_path):
    runner, _ = make_runner(
        tmp_path, dict(by_epoch=True, max_epochs=2),
        dict(type='SegmentationStageHook', stages=PSEUDO_STAGES))
    with pytest.raises(TypeError, match='set_pseudo_labels'):
        runner.train()


class ConfiguredToyModel(WeightedToyModel):
    """Has the segmentor's configured weights, as PseudoLabelEncoderDecoder.
    """
    seg_loss_weight = 1.0
    contrast_loss_weight = 0.25


def test_stage_without_weights_uses_the_models_configured_ones(tmp_path):
    stages = [STAGES[0], dict(name='joint', begin=1)]
    runner, recorder = make_runner(
        tmp_path, dict(by_epoch=True, max_epochs=2),
        dict(type='SegmentationStageHook', stages=stages),
        model_type=ConfiguredToyModel)
    runner.train()
    # Stage 1 overwrote the model's weights; stage 2 restores the configured.
    assert [w for _, _, w in recorder.records] == \
        [WEIGHTS[0]] * 2 + [(1.0, 0.25)] * 2


def test_stage_without_weights_needs_them_on_the_model(tmp_path):
    runner, _ = make_runner(
        tmp_path, dict(by_epoch=True, max_epochs=1),
        dict(type='SegmentationStageHook', stages=[dict(begin=0)]))
    with pytest.raises(TypeError, match='seg_loss_weight'):
        runner.train()
