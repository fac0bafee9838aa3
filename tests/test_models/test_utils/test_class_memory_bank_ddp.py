import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch

REPO_ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'ai4mars_semi_demo.py')

# A hook that saves each rank's memory bank when training ends (mmengine
# checkpoints only rank 0's).
DUMP_HOOK = """
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


@HOOKS.register_module()
class DumpBankHook(Hook):

    def __init__(self, out_dir):
        self.out_dir = out_dir

    def after_train(self, runner):
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        torch.save(model.auxiliary_head.memory_bank.state_dict(),
                   osp.join(self.out_dir, f'bank_{get_rank()}.pth'))
"""

# The demo semi config, all three stages in four iterations (0, 1, 2-3) and
# a threshold that any 4-class softmax maximum reaches, so the banks of the
# last stage take pseudo labels.
CONFIG_TEMPLATE = """
_base_ = [{config!r}]
custom_imports = dict(
    imports=['mars_mm', 'dump_bank_hook'], allow_failed_imports=False)
model = dict(pseudo_label_threshold=0.25)
custom_hooks = [
    dict(type='SegmentationStageHook', by_epoch=False, stages=[
        dict(begin=0, seg_loss_weight=0., contrast_loss_weight=1.),
        dict(begin=1, seg_loss_weight=1., contrast_loss_weight=0.001),
        dict(begin=2, seg_loss_weight=1., contrast_loss_weight=0.001),
    ]),
    dict(type='OnlinePseudoLabelHook', by_epoch=False, begin=2, interval=2),
    dict(type='DumpBankHook', out_dir={out_dir!r}),
]
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_banks_identical_on_both_ranks_after_torchrun(demo_data_root,
                                                      tmp_path):
    (tmp_path / 'dump_bank_hook.py').write_text(DUMP_HOOK)
    config = tmp_path / 'semi_ddp.py'
    config.write_text(
        CONFIG_TEMPLATE.format(config=CONFIG, out_dir=str(tmp_path)))
    data_root = demo_data_root['ai4mars']
    options = [
        f'{split}_dataloader.dataset.data_root={data_root}'
        for split in ('train', 'val', 'test')
    ] + [
        # 8 images, 2 per rank and step: 2 iterations an epoch.
        'train_dataloader.dataset.indices=8',
        'train_dataloader.batch_size=2',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'train_cfg.max_epochs=2',
        'train_cfg.val_interval=100',
    ]
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(
            [str(tmp_path), os.environ.get('PYTHONPATH', '')]),
        OMP_NUM_THREADS='1')
    result = subprocess.run(
        [
            sys.executable, '-m', 'torch.distributed.run',
            '--nproc_per_node=2', f'--master_port={free_port()}',
            'tools/train.py',
            str(config), '--launcher', 'pytorch', '--work-dir',
            str(tmp_path / 'work'), '--cfg-options'
        ] + options,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert 'Stage 3/3' in log and 'Pseudo labels: 100.00%' in log

    banks = [torch.load(tmp_path / f'bank_{rank}.pth') for rank in (0, 1)]
    assert banks[0]['num_pushed'].sum() > 0
    assert torch.equal(banks[0]['num_pushed'], banks[1]['num_pushed'])
    assert torch.equal(banks[0]['queue'], banks[1]['queue'])
