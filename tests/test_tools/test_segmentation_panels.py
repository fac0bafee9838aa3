import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope
from PIL import Image

from mars_mm.datasets import AI4MarsDataset

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def untrained_checkpoint(config: str, path: str) -> str:
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=AI4MarsDataset.METAINFO)), path)
    return path


@pytest.mark.slow
def test_panels_show_image_truth_and_both_models(demo_data_root, tmp_path):
    base_cfg = 'configs/demo/ai4mars_deeplabv3plus_demo.py'
    ours_cfg = 'configs/demo/ai4mars_semi_demo.py'
    out = tmp_path / 'panels.png'
    result = subprocess.run([
        sys.executable, 'tools/analysis/segmentation_panels.py', base_cfg,
        untrained_checkpoint(base_cfg, str(tmp_path / 'base.pth')), ours_cfg,
        untrained_checkpoint(ours_cfg, str(tmp_path / 'ours.pth')),
        '--num-images', '2', '--out', str(out), '--cfg-options',
        f'test_dataloader.dataset.data_root={demo_data_root["ai4mars"]}'
    ], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    image = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    # Two rows of four 3-inch panels at 80 dpi.
    assert image.shape == (480, 960, 3)
    coloured = image.max(axis=2) - image.min(axis=2) > 60
    quarter = image.shape[1] // 4
    # The grey rover image has no colour; truth and predictions have.
    assert coloured[:, :quarter].mean() < 0.01
    for col in (1, 2, 3):
        assert coloured[:, col * quarter:(col + 1) * quarter].mean() > 0.2
