import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
from PIL import Image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.mark.slow
def test_panels_show_image_truth_and_both_models(demo_runs, demo_data_root,
                                                 tmp_path):
    base = demo_runs['ai4mars_deeplabv3plus_demo']
    ours = demo_runs['ai4mars_semi_demo']
    out = tmp_path / 'panels.png'
    result = subprocess.run([
        sys.executable, 'tools/analysis/segmentation_panels.py',
        base['config'], base['checkpoint'], ours['config'],
        ours['checkpoint'], '--num-images', '2', '--out', str(out),
        '--cfg-options',
        f'test_dataloader.dataset.data_root={demo_data_root["ai4mars"]}'
    ], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    image = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    # Two rows of four 3-inch panels at 80 dpi.
    assert image.shape == (480, 960, 3)
    columns = np.split(image[20:440], 4, axis=1)
    coloured = [(c.max(axis=2) - c.min(axis=2) > 60).mean() for c in columns]
    # The grey rover image has no colour; the ground truth has.
    assert coloured[0] < 0.01 and coloured[1] > 0.2
    # Both predictions are drawn (after two iterations they may be all
    # bedrock, which is grey).
    for column in columns[2:]:
        assert (column != 255).any(axis=2).mean() > 0.6
