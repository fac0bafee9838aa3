"""Every config of issue 14 (Tables 3 and 4) trains for 2 iterations.

On the demo data, with each config's ResNet-50 shrunk to a ResNet-18 of
width 4 at 32 px (same parameter names, same heads and losses), so that the
whole file runs in well under a minute on one CPU. What it checks: the
config's model, datasets, samplers and hooks fit together, and each step's
losses are finite and include the config's own term.
"""
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope
from mmengine.runner import Runner
from test_configs import point_data_roots

import mars_mm  # noqa: F401

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# config -> the loss term it adds to the baseline's (None: the head's own).
CONFIGS = {
    'configs/msl_baselines/msl_resnet50_cb_loss.py': None,
    'configs/msl_baselines/msl_resnet50_ldam_drw.py': None,
    'configs/msl_baselines/msl_resnet50_center_loss.py': 'loss_metric',
    'configs/msl_baselines/msl_resnet50_triplet.py': 'loss_metric',
    'configs/msl_baselines/msl_resnet50_crt.py': None,
    'configs/msl_baselines/msl_resnet50_lws.py': None,
    'configs/selfsup/supcon_resnet50_msl.py': None,
    'configs/msl_baselines/msl_resnet50_supcon_linear.py': None,
    'configs/msl_baselines/msl_resnet50_supcon_all_layers.py': None,
    'configs/msl_baselines/msl_resnet50_pseudo_label.py': 'loss_pseudo',
    'configs/msl_baselines/msl_resnet50_s4l_rotation.py': 'loss_rotation',
    'configs/msl_baselines/msl_resnet50_s4l_jigsaw.py': 'loss_jigsaw',
    'configs/msl_semi/msl_semi_mocov2_ce_only.py': 'loss_ce',
    'configs/msl_semi/msl_semi_mocov2_strong_aug.py': 'loss_ce',
    'configs/msl_semi/msl_semi_mocov2_eq1.py': 'loss_similarity',
    'configs/msl_semi/msl_semi_mocov2_wo_similarity.py': 'loss_inter_class',
    'configs/msl_semi/msl_semi_mocov2_wo_inter_class.py': 'loss_similarity',
}
# Two-stage configs whose second stage trains only these parameters.
TRAINED_ONLY = {
    'configs/msl_baselines/msl_resnet50_crt.py': ('head.fc.', ),
    'configs/msl_baselines/msl_resnet50_lws.py': ('head.scales', ),
    'configs/msl_baselines/msl_resnet50_supcon_linear.py': ('head.fc.', ),
}
WIDTH = 4  # ResNet-18 of base width 4: 32 output channels
SIZES = {'scale': {224: 32, 256: 36}, 'crop_size': {224: 32}}


@pytest.fixture(autouse=True)
def unformatted_config_text(monkeypatch):
    """The runner logs and dumps its config as ``Config.pretty_text``,
    which yapf formats: seconds per config, most of this file's time.
    Nothing here reads it, so it is the plain dict."""
    monkeypatch.setattr(Config, 'pretty_text',
                        property(lambda self: repr(self.to_dict())))


def _shrink(node):
    """ResNet-50 -> tiny ResNet-18 and 224 px -> 32 px, in place."""
    if isinstance(node, dict):
        if node.get('type') == 'ResNet':
            node.update(depth=18, stem_channels=WIDTH, base_channels=WIDTH,
                        init_cfg=None)
        for key, value in list(node.items()):
            if key in ('in_channels', 'hid_channels', 'feat_dim') and \
                    value in (2048, 9 * 2048):  # 9 jigsaw tiles
                node[key] = value // 2048 * WIDTH * 8
            elif key in SIZES and value in SIZES[key]:
                node[key] = SIZES[key][value]
            else:
                _shrink(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _shrink(value)


def _smoke_config(config: str, roots: dict, work_dir: str) -> Config:
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    _shrink(cfg.model)
    _shrink(cfg.train_dataloader)
    cfg.model.init_cfg = None  # no checkpoint here (stage 1, MoCo)
    assert point_data_roots(cfg.train_dataloader, roots) >= 1
    cfg.train_dataloader.update(num_workers=0, persistent_workers=False)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=2)
    for key in ('val', 'test'):
        cfg[f'{key}_dataloader'] = cfg[f'{key}_cfg'] = None
        cfg[f'{key}_evaluator'] = None
    cfg.default_hooks.checkpoint = None
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    cfg.work_dir = work_dir
    cfg.randomness = dict(seed=0)
    return cfg


@pytest.mark.parametrize('config', sorted(CONFIGS))
def test_config_trains_two_iterations(config, demo_data_root, tmp_path):
    runner = Runner.from_cfg(
        _smoke_config(config, demo_data_root, str(tmp_path)))
    runner.train()
    hub = runner.message_hub
    assert runner.iter == 2
    loss = hub.get_scalar('train/loss').current()
    assert math.isfinite(loss)
    if config in TRAINED_ONLY:
        trained = [
            name for name, param in runner.model.named_parameters()
            if param.requires_grad
        ]
        assert trained and all(
            name.startswith(TRAINED_ONLY[config]) for name in trained)
    term = CONFIGS[config]
    if term is not None:
        assert math.isfinite(hub.get_scalar(f'train/{term}').current())


# Second stage -> (its first stage, the weights it must start from).
SECOND_STAGES = {
    'configs/msl_baselines/msl_resnet50_crt.py':
    ('configs/msl_resnet50.py', ('backbone.', )),
    'configs/msl_baselines/msl_resnet50_lws.py':
    ('configs/msl_resnet50.py', ('backbone.', 'head.fc.')),
    'configs/msl_baselines/msl_resnet50_supcon_linear.py':
    ('configs/selfsup/supcon_resnet50_msl.py', ('backbone.', )),
    'configs/msl_baselines/msl_resnet50_supcon_all_layers.py':
    ('configs/selfsup/supcon_resnet50_msl.py', ('backbone.', )),
}


def _tiny_model(config: str, checkpoint=None):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    backbone_init = cfg.model.backbone.get('init_cfg')
    _shrink(cfg.model)
    cfg.model.backbone.init_cfg = backbone_init
    cfg.model.setdefault('data_preprocessor', cfg.get('data_preprocessor'))
    pretrained = [
        init for init in (cfg.model.get('init_cfg'),
                          cfg.model.backbone.get('init_cfg'))
        if init and init.get('type') == 'Pretrained'
    ]
    if checkpoint is None:
        cfg.model.init_cfg = cfg.model.backbone.init_cfg = None
    else:
        assert len(pretrained) == 1, config
        pretrained[0].checkpoint = checkpoint
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return model


@pytest.mark.parametrize('config', sorted(SECOND_STAGES))
def test_second_stage_starts_from_the_first(config, tmp_path):
    first, kept = SECOND_STAGES[config]
    stage1 = _tiny_model(first)
    path = str(tmp_path / 'stage1.pth')
    torch.save({'state_dict': stage1.state_dict()}, path)
    stage2 = _tiny_model(config, checkpoint=path)
    before = stage1.state_dict()
    for name, value in stage2.state_dict().items():
        if name.startswith(kept):
            assert torch.equal(value, before[name]), name
    if config.endswith('_crt.py'):
        # cRT retrains the classifier from a fresh initialisation.
        assert not torch.equal(stage2.head.fc.weight,
                               before['head.fc.weight'])
    if hasattr(stage2.head, 'scales'):
        assert torch.equal(stage2.head.scales,
                           torch.ones_like(stage2.head.scales))
