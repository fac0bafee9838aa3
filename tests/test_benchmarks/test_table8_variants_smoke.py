"""Each Table 8 comparison method at demo scale trains (2 iterations).

The label-efficiency benchmark's variants (configs/bench/textures_
deeplabv3plus_<method>.py) on the demo AI4Mars data: 4 labelled and 4
unlabelled training images, so that each epoch is one two-source batch.
"""
import json
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.runner import Runner

import mars_mm  # noqa: F401

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
VARIANTS = ['meanteacher', 'cutout', 'cutmix', 'classmix', 'reco']


def _replace(node, old: str, new: str):
    if isinstance(node, str):
        return node.replace(old, new)
    if isinstance(node, dict):
        return {k: _replace(v, old, new) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return type(node)(_replace(v, old, new) for v in node)
    return node


@pytest.mark.parametrize('method', VARIANTS)
def test_table8_variant_trains_two_iterations(method, demo_data_root,
                                              tmp_path):
    root = demo_data_root['ai4mars']
    with open(osp.join(root, 'splits', 'train.txt')) as f:
        stems = f.read().split()
    subset = tmp_path / 'subset'
    subset.mkdir()
    (subset / 'train.txt').write_text('\n'.join(stems[:4]) + '\n')
    (subset / 'train_unlabelled.txt').write_text('\n'.join(stems[4:8]) +
                                                 '\n')
    for name in ('val', 'test'):
        with open(osp.join(root, 'splits', f'{name}.txt')) as f:
            (subset / f'{name}.txt').write_text(f.read())
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'bench',
                 f'textures_deeplabv3plus_{method}.py'))
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = _replace(cfg[key].to_dict(), cfg.data_root, root)
        loader = _replace(loader, cfg.split_dir + '/', f'{subset}/')
        loader.update(num_workers=0, persistent_workers=False)
        cfg[key] = loader
    cfg.train_cfg = dict(by_epoch=True, max_epochs=2, val_interval=100)
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook', interval=100)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    cfg.default_hooks.pop('visualization', None)
    cfg.work_dir = str(tmp_path / 'work')
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 2
    log = runner.message_hub.log_scalars
    names = {'meanteacher': 'unsup_loss_cons', 'cutout': 'unsup_loss_cons',
             'cutmix': 'unsup_loss_cons', 'classmix': 'unsup_loss_cons',
             'reco': 'aux_1.loss_reco'}
    scalar = log[f'train/{names[method]}']
    assert len(scalar.data[0]) == 2
    assert all(v == v for v in scalar.data[0])  # finite, not NaN
    json.dumps(float(scalar.current()))
