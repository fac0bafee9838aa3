import csv
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from mars_mm.datasets import AI4MarsDataset, MSLSurfaceDataset

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def run_infer(args: list) -> str:
    result = subprocess.run([sys.executable, 'tools/infer.py'] + args,
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def read_csv(path: str) -> list:
    with open(path) as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_segmentation_inference_honours_masks(demo_runs, demo_data_root,
                                              tmp_path):
    run = demo_runs['ai4mars_deeplabv3plus_demo']
    config, checkpoint = run['config'], run['checkpoint']
    edr = osp.join(demo_data_root['ai4mars'], 'images', 'edr')
    images = sorted(os.listdir(edr))[:3]
    listing = tmp_path / 'images.txt'
    broken = tmp_path / 'broken.jpg'
    broken.write_bytes(b'\xff\xd8 not a jpeg')
    listing.write_text('\n'.join([osp.join(edr, n) for n in images] +
                                 [str(broken)]) + '\n')
    out_dir = tmp_path / 'out'
    stdout = run_infer([config, checkpoint, str(listing), '--out-dir',
                        str(out_dir), '--batch-size', '2'])
    assert f'skipped unreadable file: {broken}' in stdout
    rows = read_csv(str(out_dir / 'predictions.csv'))
    assert [osp.basename(r['image']) for r in rows] == images
    for name, row in zip(images, rows):
        stem = osp.splitext(name)[0]
        label = np.array(Image.open(out_dir / 'labels' / f'{stem}.png'))
        image = Image.open(osp.join(edr, name))
        assert label.shape == (image.height, image.width)
        rover = np.array(Image.open(osp.join(
            demo_data_root['ai4mars'], 'images', 'mxy',
            stem.replace('EDR', 'MXY') + '.png')))
        assert np.all(label[rover != 0] == 255)
        assert set(np.unique(label[rover == 0])) <= {0, 1, 2, 3, 255}
        shares = [float(row[f'{c} %']) for c in AI4MarsDataset.METAINFO[
            'classes']] + [float(row['masked %'])]
        assert sum(shares) == pytest.approx(100, abs=0.01)
        overlay = Image.open(out_dir / 'overlays' / f'{stem}.jpg')
        assert overlay.size == image.size


@pytest.mark.slow
def test_classification_inference_on_a_folder(demo_runs, demo_data_root,
                                              tmp_path):
    run = demo_runs['msl_semi_demo']
    config, checkpoint = run['config'], run['checkpoint']
    dataset = MSLSurfaceDataset(demo_data_root['msl'], split='test',
                                lazy_init=True)
    out_dir = tmp_path / 'out'
    run_infer([config, checkpoint, demo_data_root['msl_unlabeled'],
               '--out-dir', str(out_dir)])
    rows = read_csv(str(out_dir / 'predictions.csv'))
    assert len(rows) == 48  # the images of the folder, the text file skipped
    for row in rows:
        assert row['class_name'] == dataset.metainfo['classes'][int(
            row['label'])]
        assert 0 < float(row['score']) <= 1
