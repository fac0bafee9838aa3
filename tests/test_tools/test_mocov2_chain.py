"""The paper's classification chain at demo scale: MoCo v2 pretraining on
the unlabelled images, then the semi-supervised fine-tuning from it."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope
from mmpretrain.apis import ModelHub

from mars_mm.utils import (MissingCheckpointError,
                           check_pretrained_checkpoints, load_local_checkpoint)

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
PRETRAIN_CONFIG = 'configs/demo/mocov2_resnet18_demo.py'
FINETUNE_CONFIG = 'configs/demo/msl_semi_mocov2_demo.py'
CHECKPOINT_KEY = 'model.backbone.init_cfg.checkpoint'
# Two fine-tuning iterations (the semi demo options of conftest.py).
FINETUNE_ITERS = 2


def train(config: str, work_dir: str, options: list,
          check: bool = True) -> subprocess.CompletedProcess:
    """``tools/train.py`` in a process of its own, on one thread."""
    result = subprocess.run(
        [sys.executable, 'tools/train.py', config, '--work-dir', work_dir,
         '--cfg-options'] + options,
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    if check:
        assert result.returncode == 0, (result.stdout +
                                        result.stderr)[-5000:]
    return result


@pytest.fixture(scope='module')
def pretrained(demo_data_root, tmp_path_factory) -> str:
    """Two epochs of MoCo v2 (6 iterations) on the demo's unlabelled
    images; the path of the last checkpoint, as its work dir names it."""
    work_dir = str(tmp_path_factory.mktemp('mocov2'))
    train(PRETRAIN_CONFIG, work_dir, [
        f'train_dataloader.dataset.data_root={demo_data_root["msl_unlabeled"]}',
        'train_dataloader.num_workers=0',
        'train_cfg.max_epochs=2',
    ])
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def backbone_of(config: str, checkpoint) -> torch.nn.Module:
    """The fine-tuning model's backbone after ``init_weights``, started from
    ``checkpoint`` (None: from scratch)."""
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    cfg.merge_from_dict({CHECKPOINT_KEY: checkpoint})
    if checkpoint is None:
        cfg.model.backbone.init_cfg = None
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return model.backbone


@pytest.mark.slow
def test_mocov2_checkpoint_loads_weights_only(pretrained):
    checkpoint = load_local_checkpoint(pretrained, map_location='cpu')
    state = checkpoint['state_dict']
    assert checkpoint['meta']['epoch'] == 2
    assert any(key.startswith('backbone.') for key in state)
    # mmpretrain's MoCo: the key encoder and the queue of 32 keys.
    assert state['queue'].shape == (128, 32)
    assert any(key.startswith('encoder_k.') for key in state)


@pytest.mark.slow
def test_finetuning_starts_from_pretrained_backbone(
        pretrained, demo_data_root, semi_classification_options, tmp_path):
    expected = {
        key[len('backbone.'):]: value
        for key, value in load_local_checkpoint(pretrained)
        ['state_dict'].items() if key.startswith('backbone.')
    }
    # The fine-tuning config with the documented override: every backbone
    # tensor (parameters and BN statistics) is the pretrained one ...
    loaded = backbone_of(FINETUNE_CONFIG, pretrained).state_dict()
    assert loaded.keys() == expected.keys()
    for key, value in loaded.items():
        assert torch.equal(value, expected[key]), key
    # ... which a start from scratch is not.
    fresh = backbone_of(FINETUNE_CONFIG, None).state_dict()
    assert not any(
        torch.equal(fresh[key], expected[key]) for key in expected
        if key.endswith('conv1.weight'))

    # tools/train.py with the same override trains from there: after two
    # Adam steps (each moves a weight by about lr at most) the backbone is
    # within a few lr of the pretrained one, and far from a fresh start.
    work_dir = str(tmp_path / 'finetune')
    train(FINETUNE_CONFIG, work_dir,
          semi_classification_options(demo_data_root) +
          [f'{CHECKPOINT_KEY}={pretrained}'])
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        tuned = load_local_checkpoint(f.read().strip())['state_dict']
    lr = Config.fromfile(osp.join(
        REPO_ROOT, FINETUNE_CONFIG)).optim_wrapper.optimizer.lr
    bound = 3 * lr * FINETUNE_ITERS
    params = [name for name, _ in backbone_of(FINETUNE_CONFIG,
                                              None).named_parameters()]
    moved = max((tuned['backbone.' + name] - expected[name]).abs().max()
                for name in params)
    from_fresh = max((fresh[name] - expected[name]).abs().max()
                     for name in params)
    assert 0 < moved <= bound < from_fresh


@pytest.mark.slow
def test_missing_local_checkpoint_names_file_and_source(tmp_path):
    missing = str(tmp_path / 'no_such_mocov2.pth')
    result = train(FINETUNE_CONFIG, str(tmp_path / 'work'),
                   [f'{CHECKPOINT_KEY}={missing}'], check=False)
    assert result.returncode != 0
    assert 'MissingCheckpointError' in result.stderr
    assert f'{missing}: pretrained checkpoint not found' in result.stderr
    assert f'python tools/train.py {PRETRAIN_CONFIG}' in result.stderr
    # Before any runner was built: no work dir.
    assert not (tmp_path / 'work').exists()


def test_paper_config_names_model_zoo_mocov2_and_its_source(tmp_path):
    cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs/msl_semi_mocov2.py'))
    url = ModelHub.get('mocov2_resnet50_8xb32-coslr-200e_in1k').weights
    init = cfg.model.backbone.init_cfg
    assert (init.type, init.checkpoint, init.prefix) == ('Pretrained', url,
                                                        'backbone.')
    check_pretrained_checkpoints(cfg)  # a URL is mmengine's to download
    missing = str(tmp_path / 'mocov2.pth')
    cfg.merge_from_dict({CHECKPOINT_KEY: missing})
    with pytest.raises(MissingCheckpointError) as error:
        check_pretrained_checkpoints(cfg)
    message = str(error.value)
    assert message.startswith(f'{missing}: pretrained checkpoint not found')
    assert url in message
    assert ('python tools/train.py '
            'configs/selfsup/mocov2_resnet50_msl-unlabeled.py') in message
