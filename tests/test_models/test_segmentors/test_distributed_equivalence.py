"""Two gloo ranks x batch 2 learn what one process x batch 4 learns.

The semi-supervised demo segmentor trains 4 iterations through all three
stages (contrastive pretraining, joint, joint + pseudo labels) under
``torchrun --nproc_per_node=2`` and in one process with the doubled batch.
Nothing random may tell the two apart: GroupNorm instead of BatchNorm (whose
statistics are per rank), no dropout, a pipeline without random transforms,
and cross entropy averaged over all pixels (``avg_non_ignore=False``: each
rank then holds the same number of pixels, so DDP's gradient average is the
whole batch's; the contrastive loss divides by the all-reduced count of
labelled elements itself). Weights and memory banks must then agree up to
float summation order.
"""
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config

import mars_mm  # noqa: F401 (the mmseg:: alias of the configs)

REPO_ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
CONFIG = osp.join(REPO_ROOT, 'configs', 'demo', 'ai4mars_semi_demo.py')

# Saves the weights before training and each rank's memory bank after it
# (mmengine checkpoints only rank 0's model).
DUMP_HOOK = """
import os.path as osp

import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


def bare_model(runner):
    model = runner.model
    return model.module if is_model_wrapper(model) else model


@HOOKS.register_module()
class DumpStateHook(Hook):

    def before_train(self, runner):
        torch.save(bare_model(runner).state_dict(),
                   osp.join(runner.work_dir, f'initial_{get_rank()}.pth'))

    def after_train(self, runner):
        torch.save(bare_model(runner).state_dict(),
                   osp.join(runner.work_dir, f'final_{get_rank()}.pth'))
"""

# Stages at iterations 0, 1 and 2; a threshold that any 4-class softmax
# maximum reaches, so the last stage's banks take pseudo labels.
CONFIG_TEMPLATE = """
_base_ = [{config!r}]
custom_imports = dict(
    imports=['mars_mm', 'dump_state_hook'], allow_failed_imports=False)
norm_cfg = dict(type='GN', num_groups=4, requires_grad=True)
model = dict(
    backbone=dict(norm_cfg=norm_cfg),
    decode_head=dict(
        norm_cfg=norm_cfg, dropout_ratio=0.,
        loss_decode=dict(avg_non_ignore=False)),
    pseudo_label_threshold=0.25)
train_dataloader = dict(dataset=dict(pipeline=[
    dict(type='LoadCheckedImageFromFile'),
    dict(type='LoadAI4MarsAnnotations'),
    dict(type='Resize', scale=(64, 64), keep_ratio=False),
    dict(type='PackSegInputs'),
]))
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=False,
        pseudo_label_log_interval=2,
        stages=[
            dict(begin=0, seg_loss_weight=0., contrast_loss_weight=1.),
            dict(begin=1, seg_loss_weight=1., contrast_loss_weight=0.001),
            dict(begin=2, seg_loss_weight=1., contrast_loss_weight=0.001,
                 pseudo_labels=True),
        ]),
    dict(type='DumpStateHook'),
]
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def train(tmp_path, data_root: str, num_ranks: int) -> str:
    """Train 8 images, 4 a step in all, on ``num_ranks`` processes."""
    work_dir = str(tmp_path / f'{num_ranks}_ranks')
    options = [
        f'{split}_dataloader.dataset.data_root={data_root}'
        for split in ('train', 'val', 'test')
    ] + [
        'train_dataloader.dataset.indices=8',
        f'train_dataloader.batch_size={4 // num_ranks}',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'train_cfg.max_epochs=2',
        'train_cfg.val_interval=100',
    ]
    launch = [
        '-m', 'torch.distributed.run', f'--nproc_per_node={num_ranks}',
        f'--master_port={free_port()}'
    ] if num_ranks > 1 else []
    result = subprocess.run(
        [sys.executable] + launch + [
            'tools/train.py',
            str(tmp_path / 'semi_gn.py'), '--launcher',
            'pytorch' if num_ranks > 1 else 'none', '--work-dir', work_dir,
            '--cfg-options'
        ] + options,
        cwd=REPO_ROOT,
        env=dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(
                [str(tmp_path), os.environ.get('PYTHONPATH', '')]),
            OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    assert 'Stage 3/3' in log and 'Pseudo labels: 100.00%' in log
    return work_dir


@pytest.mark.slow
def test_two_ranks_learn_what_one_process_with_their_batch_learns(
        demo_data_root, tmp_path):
    (tmp_path / 'dump_state_hook.py').write_text(DUMP_HOOK)
    (tmp_path / 'semi_gn_base.py').write_text(
        CONFIG_TEMPLATE.format(config=CONFIG))
    # The auxiliary heads (the FCN cross-entropy head and the contrastive
    # head) are a list, which a config file cannot merge into: set them here.
    cfg = Config.fromfile(
        str(tmp_path / 'semi_gn_base.py'), import_custom_modules=False)
    # (Without the _scope_ key that the mmseg:: bases leave on it.)
    norm_cfg = dict(cfg.model.decode_head.norm_cfg)
    norm_cfg.pop('_scope_', None)
    for head in cfg.model.auxiliary_head:
        head.update(norm_cfg=norm_cfg, dropout_ratio=0.)
        if head.loss_decode.type == 'CrossEntropyLoss':
            head.loss_decode.avg_non_ignore = False
    cfg.dump(str(tmp_path / 'semi_gn.py'))
    two = train(tmp_path, demo_data_root['ai4mars'], num_ranks=2)
    one = train(tmp_path, demo_data_root['ai4mars'], num_ranks=1)

    def load(work_dir, name):
        return torch.load(osp.join(work_dir, name), weights_only=True)

    ranks = [load(two, f'final_{r}.pth') for r in (0, 1)]
    single, initial = load(one, 'final_0.pth'), load(one, 'initial_0.pth')
    # The same seed, the same initial weights.
    for key, value in load(two, 'initial_0.pth').items():
        assert torch.equal(value, initial[key]), key
    bank = next(key for key in single
                if key.endswith('memory_bank.queue'))[:-len('queue')]
    # Every rank holds the same bank, which has taken every class.
    assert (ranks[0][bank + 'num_pushed'] > 0).all()
    for key in (bank + 'queue', bank + 'num_pushed'):
        assert torch.equal(ranks[0][key], ranks[1][key])

    for key, value in single.items():
        if not value.is_floating_point():
            assert torch.equal(ranks[0][key], value), key
            continue
        # Up to float summation order, and far closer than training moved
        # the weights: a per-rank loss normalisation would not be.
        change = (value - initial[key]).abs().max()
        diff = (ranks[0][key] - value).abs().max()
        assert diff <= 1e-5 + 1e-3 * change, (key, diff, change)
    assert (single['decode_head.conv_seg.weight'] -
            initial['decode_head.conv_seg.weight']).abs().max() > 1e-3
    contrast_seg = bank.replace('memory_bank.', 'conv_seg.weight')
    assert (single[contrast_seg] -
            initial[contrast_seg]).abs().max() > 1e-3
