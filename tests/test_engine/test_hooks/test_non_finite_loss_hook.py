import glob
import os.path as osp

import pytest
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import DataLoader

from mars_mm.engine.hooks import NonFiniteLossHook
from mars_mm.engine.hooks.non_finite_loss_hook import NonFiniteLossError


class DivergesAtStep(BaseModel):
    """A linear model whose ``loss_b`` is NaN at the steps in ``nan_steps``
    (1-based, counted over calls in training mode)."""

    def __init__(self, nan_steps=()) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)
        self.nan_steps = set(nan_steps)
        self.step = 0

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs)
        if mode != 'loss':
            return out
        self.step += 1
        loss_b = out.abs().mean()
        if self.step in self.nan_steps:
            loss_b = loss_b * float('nan')
        return dict(loss_a=out.pow(2).mean(), loss_b=loss_b)


def build_runner(tmp_path, model, hook) -> Runner:
    inputs = torch.arange(16, dtype=torch.float32).view(8, 2) / 16
    loader = DataLoader([dict(inputs=x) for x in inputs], batch_size=2)
    return Runner(
        model=model,
        work_dir=str(tmp_path),
        train_dataloader=loader,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=False, max_iters=6),
        default_hooks=dict(
            checkpoint=dict(
                type='AtomicCheckpointHook', interval=1, by_epoch=False),
            logger=dict(type='LoggerHook', interval=1)),
        custom_hooks=[hook],
        experiment_name=f'non_finite_{hook.action}_{id(model)}')


def test_stop_names_iteration_and_term_before_saving(tmp_path):
    """Guards issue 12, weak 4: a NaN loss used to go unnoticed (nan logged,
    checkpoints of NaN weights saved). Training now stops at the diverged
    iteration, naming it and the loss term, and no checkpoint of it is
    written."""
    runner = build_runner(tmp_path, DivergesAtStep(nan_steps={3}),
                          NonFiniteLossHook())
    with pytest.raises(NonFiniteLossError,
                       match=r'iteration 3 \(epoch 1\): loss_b=nan\.'):
        runner.train()
    assert sorted(osp.basename(p) for p in glob.glob(
        osp.join(tmp_path, 'iter_*.pth'))) == ['iter_1.pth', 'iter_2.pth']


def test_skip_drops_the_step_and_counts_it(tmp_path):
    """Guards issue 12, weak 4 ('skip'): the optimizer step of a non-finite
    loss is not taken, so the weights stay finite; skipped steps are
    counted."""
    model = DivergesAtStep(nan_steps={2, 5})
    runner = build_runner(tmp_path, model,
                          NonFiniteLossHook(action='skip'))
    runner.train()
    assert runner.message_hub.get_info('non_finite_loss_skips') == 2
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert osp.isfile(osp.join(tmp_path, 'iter_6.pth'))


def test_too_many_skips_in_a_row_stop(tmp_path):
    """'skip' does not hide a run that has diverged for good."""
    runner = build_runner(tmp_path, DivergesAtStep(nan_steps={2, 3, 4}),
                          NonFiniteLossHook(action='skip', max_skips=2))
    with pytest.raises(NonFiniteLossError, match=r'iteration 4 .*3 steps in '
                       r'a row \(max_skips=2\)'):
        runner.train()
