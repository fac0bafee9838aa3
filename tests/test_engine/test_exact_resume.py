"""A run resumed half way repeats the uninterrupted run exactly.

Both semi-supervised demo configs train 4 epochs of 2 iterations with
validation after each epoch; the run is resumed from the end of epoch 2 (the
segmentation one there moves from joint training to the pseudo-label stage).
Losses of every resumed iteration, the final weights, memory bank,
optimizer state and stage must equal the uninterrupted run's, bit for bit.
"""
import itertools
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RUN_IDS = itertools.count()
MAX_EPOCHS, RESUME_EPOCH, ITERS_PER_EPOCH = 4, 2, 2


class RecordLossesHook(Hook):
    """Keeps the logged loss values of every training iteration."""

    priority = 'LOWEST'

    def __init__(self):
        self.losses = {}

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.losses[runner.iter] = {
            name: torch.as_tensor(value).item()
            for name, value in outputs.items()
        }


def segmentation_config(roots: dict) -> Config:
    """The semi-supervised demo: stage 2 at epoch 1, pseudo labels at 2."""
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs/demo/ai4mars_semi_demo.py'))
    # Training keeps the config's data workers (2, not persistent); the
    # classification run below augments in the main process instead.
    cfg.train_dataloader.dataset.data_root = roots['ai4mars']
    cfg.val_dataloader.dataset.data_root = roots['ai4mars']
    cfg.val_dataloader.update(num_workers=0, persistent_workers=False)
    cfg.train_dataloader.dataset.indices = 4 * ITERS_PER_EPOCH
    cfg.val_dataloader.dataset.indices = 2
    cfg.custom_hooks = [
        dict(
            type='SegmentationStageHook',
            by_epoch=True,
            pseudo_label_log_interval=1,
            stages=[
                dict(begin=0, seg_loss_weight=0., contrast_loss_weight=1.),
                dict(begin=1, seg_loss_weight=1., contrast_loss_weight=0.001),
                dict(begin=2, seg_loss_weight=1., contrast_loss_weight=0.001,
                     pseudo_labels=True),
            ]),
    ]
    # Any 4-class softmax maximum reaches it: pseudo labels are placed.
    cfg.model.pseudo_label_threshold = 0.25
    return cfg


def classification_config(roots: dict) -> Config:
    """The three-stream demo with 4 + 24x2 + 4 images a batch."""
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs/demo/msl_semi_demo.py'))
    sup, inter_class, unsup = cfg.train_dataloader.dataset.datasets
    sup.update(data_root=roots['msl'], indices=4 * ITERS_PER_EPOCH)
    inter_class.data_root = roots['msl']
    unsup.data_root = roots['msl_unlabeled']
    cfg.train_dataloader.sampler.batch_sizes = [4, 48, 4]
    cfg.train_dataloader.update(
        batch_size=56, num_workers=0, persistent_workers=False)
    cfg.val_dataloader.dataset.update(data_root=roots['msl'], indices=4)
    cfg.val_dataloader.update(num_workers=0, persistent_workers=False)
    return cfg


def train(cfg: Config, work_dir: str, resume_from: str = None) -> Runner:
    """Train ``cfg`` (or resume it) with a checkpoint after every epoch."""
    cfg = cfg.copy()
    cfg.work_dir = work_dir
    cfg.train_cfg.update(max_epochs=MAX_EPOCHS, val_interval=1)
    cfg.default_hooks.logger.interval = 1
    cfg.default_hooks.checkpoint.update(
        interval=1, max_keep_ckpts=MAX_EPOCHS, save_best=None)
    cfg.resume = resume_from is not None
    cfg.load_from = resume_from
    # Unique: mmengine shares loggers and visualizers by experiment name.
    cfg.experiment_name = f'exact_resume_{next(RUN_IDS)}'
    runner = Runner.from_cfg(cfg)
    runner.register_hook(RecordLossesHook())
    runner.train()
    return runner


def recorded_losses(runner: Runner) -> dict:
    hook, = [h for h in runner.hooks if isinstance(h, RecordLossesHook)]
    return hook.losses


def bare_model(runner: Runner) -> torch.nn.Module:
    model = runner.model
    return model.module if is_model_wrapper(model) else model


def assert_same_tensors(left, right, where=''):
    """Nested dicts/lists of tensors and numbers are exactly equal."""
    if isinstance(left, dict):
        assert left.keys() == right.keys(), where
        for key in left:
            assert_same_tensors(left[key], right[key], f'{where}.{key}')
    elif isinstance(left, (list, tuple)):
        assert len(left) == len(right), where
        for i, (a, b) in enumerate(zip(left, right)):
            assert_same_tensors(a, b, f'{where}[{i}]')
    elif isinstance(left, torch.Tensor):
        assert torch.equal(left, right), where
    else:
        assert left == right, where


def load(path: str) -> dict:
    return torch.load(path, map_location='cpu', weights_only=False)


CONFIGS = dict(
    segmentation=segmentation_config, classification=classification_config)


@pytest.fixture(scope='module')
def straight_runs(demo_data_root, tmp_path_factory):
    """The uninterrupted run of each config, trained once per module."""
    runs = {}

    def get(name: str) -> Runner:
        if name not in runs:
            runs[name] = train(CONFIGS[name](demo_data_root),
                               str(tmp_path_factory.mktemp(name)))
        return runs[name]

    return get


def resume(straight: Runner, cfg: Config, work_dir: str) -> Runner:
    """Resume ``cfg`` from the uninterrupted run's end of RESUME_EPOCH."""
    return train(cfg, work_dir,
                 osp.join(straight.work_dir, f'epoch_{RESUME_EPOCH}.pth'))


@pytest.mark.slow
@pytest.mark.parametrize('name', list(CONFIGS))
def test_resumed_run_repeats_the_uninterrupted_run(name, straight_runs,
                                                   demo_data_root, tmp_path):
    straight = straight_runs(name)
    resumed = resume(straight, CONFIGS[name](demo_data_root), str(tmp_path))

    expected = recorded_losses(straight)
    got = recorded_losses(resumed)
    first = RESUME_EPOCH * ITERS_PER_EPOCH
    assert sorted(got) == list(range(first, MAX_EPOCHS * ITERS_PER_EPOCH))
    for it in got:
        assert got[it] == expected[it], f'iteration {it}'

    final = f'epoch_{MAX_EPOCHS}.pth'
    ckpts = [load(osp.join(run.work_dir, final)) for run in (straight,
                                                             resumed)]
    for key in ('state_dict', 'optimizer', 'param_schedulers'):
        assert_same_tensors(ckpts[0][key], ckpts[1][key], key)
    assert ckpts[0]['meta']['iter'] == ckpts[1]['meta']['iter']

    models = [bare_model(straight), bare_model(resumed)]
    if hasattr(models[0], 'auxiliary_head'):
        banks = [
            head.memory_bank for m in models
            for head in m.auxiliary_head if hasattr(head, 'memory_bank')
        ]
        assert banks[0].num_pushed.min() > 0
        assert_same_tensors(banks[0].state_dict(), banks[1].state_dict())
        # Both end in the last stage, pseudo labels on.
        for model in models:
            assert model.pseudo_labels_enabled
            assert (model.seg_loss_weight,
                    model.contrast_loss_weight) == (1., 0.001)


@pytest.mark.slow
def test_without_random_states_the_resumed_run_differs(
        straight_runs, demo_data_root, tmp_path):
    """The control: the same resume without RandomStateHook diverges
    (augmentation and dropout draw other numbers), so the test above
    would notice a hook that restored nothing."""
    straight = straight_runs('segmentation')
    cfg = segmentation_config(demo_data_root)
    cfg.default_hooks.pop('random_state')
    resumed = resume(straight, cfg, str(tmp_path))
    first = RESUME_EPOCH * ITERS_PER_EPOCH
    assert recorded_losses(resumed)[first] != recorded_losses(
        straight)[first]
