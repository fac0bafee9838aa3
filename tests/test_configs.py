import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DATASETS, MODELS, DefaultScope

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = sorted(
    osp.relpath(path, REPO_ROOT)
    for path in glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'),
                          recursive=True)
    # configs/bench/ reads the subsets of the label-efficiency benchmark:
    # tests/test_benchmarks/test_label_efficiency_smoke.py builds them there.
    if '_base_' not in path and '/configs/bench/' not in path)
# Which demo tree stands in for the real data of each dataset type.
DEMO_ROOT_OF_TYPE = {
    'MSLSurfaceDataset': 'msl',
    'UnlabeledImageDataset': 'msl_unlabeled',
    'AI4MarsDataset': 'ai4mars',
}


def point_data_roots(node, roots: dict) -> int:
    """Point every dataset of a config at the demo data; count them."""
    count = 0
    if isinstance(node, dict):
        if node.get('type') in DEMO_ROOT_OF_TYPE and 'data_root' in node:
            node['data_root'] = roots[DEMO_ROOT_OF_TYPE[node['type']]]
            count += 1
        for value in node.values():
            count += point_data_roots(value, roots)
    elif isinstance(node, (list, tuple)):
        for value in node:
            count += point_data_roots(value, roots)
    return count


def test_configs_are_found():
    assert 'configs/msl_resnet50.py' in CONFIGS
    assert 'configs/ai4mars_deeplabv3plus_r101.py' in CONFIGS


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_model_and_datasets(config, demo_data_root):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    assert cfg.default_scope in ('mmpretrain', 'mmseg')
    loaders = {
        key: cfg[key]
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader')
        if cfg.get(key)
    }
    # Self-supervised pretraining (configs/selfsup/) is not evaluated.
    num_loaders = 3 if 'val_cfg' in cfg else 1
    assert sum(
        point_data_roots(loader, demo_data_root)
        for loader in loaders.values()) >= len(loaders) == num_loaders
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
        assert sum(p.numel() for p in model.parameters()) > 0
        for key, loader in loaders.items():
            dataset = DATASETS.build(loader.dataset)
            assert len(dataset) > 0, f'{config}: empty {key}'


@pytest.mark.parametrize('config, contrast_weight', [
    ('configs/ai4mars_semi.py', 0.001),
    ('configs/ai4mars_semi/ai4mars_semi_lambda1e-1.py', 0.1),
    ('configs/ai4mars_semi/ai4mars_semi_lambda1e-2.py', 0.01),
    ('configs/ai4mars_semi/ai4mars_semi_lambda1e-4.py', 0.0001),
])
def test_paper_stages_are_thirds_of_the_run_and_lambda_is_the_models(
        config, contrast_weight):
    """Sec. 7.1: three stages of 60 of 180 epochs; Table 11's lambda is set
    once, on the model, and the joint stages take it."""
    from mars_mm.engine.hooks import SegmentationStageHook
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    hook, = [h for h in cfg.custom_hooks
             if h.type == 'SegmentationStageHook']
    total = cfg.train_cfg.max_epochs
    assert total == 180
    assert [SegmentationStageHook.resolve_begin(s.begin, total)
            for s in hook.stages] == [0, 60, 120]
    assert [s.get('pseudo_labels', False) for s in hook.stages] == \
        [False, False, True]
    assert cfg.model.contrast_loss_weight == contrast_weight
    assert all('contrast_loss_weight' not in s for s in hook.stages[1:])
    # Lengthening the run moves the stages with it.
    assert [SegmentationStageHook.resolve_begin(s.begin, 360)
            for s in hook.stages] == [0, 120, 240]
