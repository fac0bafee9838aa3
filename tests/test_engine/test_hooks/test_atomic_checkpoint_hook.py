import glob
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.evaluator import BaseMetric, Evaluator
from mmengine.fileio import LocalBackend
from mmengine.model import BaseModel
from mmengine.runner import Runner

from mars_mm.engine.hooks import AtomicCheckpointHook

REPO_ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))


def test_every_config_saves_atomically_and_stops_on_non_finite_loss():
    """Guards issue 12, bug 1 and weak 4: every config of configs/ uses
    AtomicCheckpointHook, not mmengine's stock CheckpointHook, and has a
    NonFiniteLossHook."""
    import mars_mm  # noqa: F401  (the mmseg:: alias)
    configs = sorted(
        glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'),
                  recursive=True))
    configs = [c for c in configs if '_base_' not in c]
    assert configs
    stock = []
    for path in configs:
        cfg = Config.fromfile(path)
        hooks = cfg.default_hooks
        if (hooks.checkpoint.type != 'AtomicCheckpointHook'
                or hooks.get('non_finite_loss', {}).get('type') !=
                'NonFiniteLossHook'):
            stock.append(osp.relpath(path, REPO_ROOT))
    assert not stock, stock


class _ToyModel(BaseModel):

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs)
        if mode == 'loss':
            return dict(loss=out.pow(2).mean())
        return [dict(pred=o) for o in out]


class _RisingScore(BaseMetric):
    """A score that improves at every validation: each is a new best."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def process(self, data_batch, data_samples):
        self.results.append(0)

    def compute_metrics(self, results):
        self.calls += 1
        return dict(score=float(self.calls))


def _train_with_save_best(work_dir: str, max_iters: int = 3) -> None:
    dataset = [dict(inputs=torch.ones(2)) for _ in range(2)]
    loader = dict(
        dataset=dataset,
        sampler=dict(type='DefaultSampler', shuffle=False),
        collate_fn=dict(type='default_collate'),
        batch_size=2)
    runner = Runner(
        model=_ToyModel(),
        work_dir=work_dir,
        train_dataloader=loader,
        val_dataloader=loader,
        val_evaluator=Evaluator(_RisingScore()),
        train_cfg=dict(by_epoch=False, max_iters=max_iters, val_interval=1),
        val_cfg=dict(),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(
            checkpoint=AtomicCheckpointHook(
                interval=1,
                by_epoch=False,
                max_keep_ckpts=1,
                save_best='score',
                rule='greater')),
        log_level='WARNING')
    runner.train()


def test_save_best_writes_the_new_best_before_removing_the_old(
        tmp_path, monkeypatch):
    """Issue 12: mmengine's save_best removes the previous best checkpoint
    and then writes the new one in place; a job killed during the write had
    no best checkpoint left, only a truncated one. Here the write of the
    second best checkpoint dies half-way."""
    stock_put = LocalBackend.put
    best_puts = []

    def dying_put(self, obj, filepath):
        if osp.basename(str(filepath)).startswith('best_'):
            best_puts.append(filepath)
            if len(best_puts) == 2:
                with open(filepath, 'wb') as f:
                    f.write(obj[:len(obj) // 2])
                raise KeyboardInterrupt('killed mid-write')
        return stock_put(self, obj, filepath)

    monkeypatch.setattr(LocalBackend, 'put', dying_put)
    with pytest.raises(KeyboardInterrupt):
        _train_with_save_best(str(tmp_path))
    best = sorted(
        osp.basename(p) for p in glob.glob(str(tmp_path / 'best_*')))
    # The first best is complete and loadable; the second is only a .tmp.
    assert best == ['best_score_iter_1.pth', 'best_score_iter_2.pth.tmp']
    checkpoint = torch.load(
        tmp_path / 'best_score_iter_1.pth', weights_only=False)
    assert checkpoint['meta']['iter'] == 1


def test_save_best_keeps_only_the_latest_best(tmp_path):
    _train_with_save_best(str(tmp_path))
    assert sorted(osp.basename(p) for p in glob.glob(
        str(tmp_path / '*.pth*'))) == ['best_score_iter_3.pth', 'iter_3.pth']
