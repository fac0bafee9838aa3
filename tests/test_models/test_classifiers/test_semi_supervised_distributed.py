"""Two CPU processes (gloo) train the semi-supervised demo config."""
import glob
import json
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))

# Imported by the training processes (custom_imports): each rank saves its
# model and the images of its class-balanced and labelled streams.
RECORD_HOOK = """
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


@HOOKS.register_module()
class RecordRankHook(Hook):

    def __init__(self):
        self.streams = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.streams.append([(s.stream, s.img_path)
                             for s in data_batch['data_samples']])

    def after_train(self, runner):
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        torch.save(
            dict(state=model.state_dict(), streams=self.streams),
            osp.join(runner.work_dir, f'rank{get_rank()}.pth'))
"""


CONFIG = """_base_ = ['{base}']
custom_imports = dict(
    imports=['mars_mm', 'record_rank_hook'], allow_failed_imports=False)
custom_hooks = [dict(type='RecordRankHook')]
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_two_gloo_ranks_train_the_demo_config(demo_data_root, tmp_path):
    with open(tmp_path / 'record_rank_hook.py', 'w') as f:
        f.write(RECORD_HOOK)
    config = tmp_path / 'msl_semi_demo_recorded.py'
    with open(config, 'w') as f:
        f.write(CONFIG.format(
            base=osp.join(REPO, 'configs', 'demo', 'msl_semi_demo.py')))
    msl, unlabeled = demo_data_root['msl'], demo_data_root['msl_unlabeled']
    work_dir = tmp_path / 'work'
    options = {
        'train_dataloader.dataset.datasets.0.data_root': msl,
        'train_dataloader.dataset.datasets.1.data_root': msl,
        'train_dataloader.dataset.datasets.2.data_root': unlabeled,
        'val_dataloader.dataset.data_root': msl,
        'test_dataloader.dataset.data_root': msl,
        'train_dataloader.num_workers': 0,
        'train_dataloader.persistent_workers': False,
        'val_dataloader.num_workers': 0,
        'val_dataloader.persistent_workers': False,
        'train_cfg.max_epochs': 1,
        'default_hooks.checkpoint.interval': 100,
    }
    cmd = [
        sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2',
        f'--master_port={_free_port()}', 'tools/train.py',
        str(config), '--launcher', 'pytorch',
        '--work-dir', str(work_dir), '--cfg-options'
    ] + [f'{key}={value}' for key, value in options.items()]
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(tmp_path), REPO]),
        OMP_NUM_THREADS='1')
    result = subprocess.run(
        cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-5000:]

    ranks = [torch.load(work_dir / f'rank{r}.pth') for r in (0, 1)]
    # DDP kept the two models' parameters identical. (BatchNorm running
    # statistics are per rank on CPU, where there is no SyncBN: DDP
    # broadcasts rank 0's at each forward, so they differ by the last step.)
    state0, state1 = ranks[0]['state'], ranks[1]['state']
    assert state0.keys() == state1.keys()
    params = [key for key in state0 if not key.endswith(
        ('running_mean', 'running_var', 'num_batches_tracked'))]
    assert any(key.startswith('backbone.') for key in params)
    for key in params:
        torch.testing.assert_close(state0[key], state1[key], msg=key)

    # 133 reshuffled demo training images / (2 ranks x 16): 5 steps each.
    batches0, batches1 = ranks[0]['streams'], ranks[1]['streams']
    assert len(batches0) == len(batches1) == 5
    for b0, b1 in zip(batches0, batches1):
        for batch in (b0, b1):
            counts = {s: sum(1 for t, _ in batch if t == s)
                      for s in ('sup', 'inter_class', 'unsup')}
            assert counts == dict(sup=16, inter_class=48, unsup=16)
        # Each rank has its own class-balanced group at every step.
        group0 = [p for s, p in b0 if s == 'inter_class']
        group1 = [p for s, p in b1 if s == 'inter_class']
        assert group0 != group1
    # The labelled stream of one pass is split between the ranks.
    first_pass0 = {p for b in batches0[:4] for s, p in b if s == 'sup'}
    first_pass1 = {p for b in batches1[:4] for s, p in b if s == 'sup'}
    assert not first_pass0 & first_pass1

    # The three losses were logged, finite.
    scalars = glob.glob(str(work_dir / '*' / 'vis_data' / 'scalars.json'))
    with open(scalars[0]) as f:
        logged = [json.loads(line) for line in f]
    train = [entry for entry in logged if 'loss_inter_class' in entry]
    assert train
    for entry in train:
        for key in ('loss_ce', 'loss_inter_class', 'loss_similarity'):
            assert torch.isfinite(torch.tensor(entry[key]))
