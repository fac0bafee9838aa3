import csv
import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
from PIL import Image

from mars_mm.datasets import MSLSurfaceDataset

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def browse(config: str, options: list, out: str, num: int) -> list:
    """Run the tool; the rows of its CSV."""
    result = subprocess.run([
        sys.executable, 'tools/analysis/browse_dataset.py', config, '--num',
        str(num), '--out', out, '--cfg-options'
    ] + options, cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    with open(osp.splitext(out)[0] + '.csv') as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_three_streams_of_the_semi_supervised_classifier(
        demo_runs, demo_data_root, tmp_path):
    run = demo_runs['msl_semi_demo']
    out = str(tmp_path / 'views.png')
    rows = browse(run['config'], run['options'], out, 3)
    assert [r['stream'] for r in rows] == ['sup'] * 3 + [
        'inter_class'
    ] * 3 + ['unsup'] * 3
    dataset = MSLSurfaceDataset(
        demo_data_root['msl'], split='train', reshuffle_seed=0)
    classes = dataset.metainfo['classes']
    truth = {
        dataset.get_data_info(i)['img_path']:
        classes[dataset.get_data_info(i)['gt_label']]
        for i in range(len(dataset))
    }
    for row in rows:
        images = row['images'].split(';')
        if row['stream'] == 'unsup':
            assert len(images) == 1
            assert images[0].startswith(demo_data_root['msl_unlabeled'])
        else:
            # sup: one image of its class; inter_class: two different
            # images of one class.
            assert len(images) == (2 if row['stream'] == 'inter_class' else 1)
            assert len(set(images)) == len(images)
            assert all(truth[image] == row['caption'] for image in images)

    image = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    # Three panels of 2.2 inches a row at 80 dpi; row heights: 0.7 inch of
    # titles plus the panel (square, or two views and a 3 px gap).
    assert image.shape[1] == 528
    assert abs(image.shape[0] - 80 * (0.7 * 3 + 2.2 *
                                      (1 + 2 * 64 / 131))) <= 1
    # Every row shows the (colourful) demo images.
    coloured = image.max(axis=2) - image.min(axis=2) > 60
    for top, bottom in ((0, 232), (232, 374), (374, image.shape[0])):
        assert coloured[top:bottom].mean() > 0.05


@pytest.mark.slow
def test_segmentation_crops_with_labels(demo_runs, demo_data_root, tmp_path):
    run = demo_runs['ai4mars_semi_demo']
    out = str(tmp_path / 'crops.png')
    rows = browse(run['config'], run['options'], out, 4)
    root = demo_data_root['ai4mars']
    with open(osp.join(root, 'splits', 'train.txt')) as f:
        train = {osp.join(root, 'images', 'edr', stem + '.JPG')
                 for stem in f.read().split()}
    assert len(rows) == 4
    assert all(r['stream'] == 'train' and r['images'] in train for r in rows)
    image = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    # One row of four 2.2-inch crops, 2.4 + 0.8 inches high, at 80 dpi.
    assert image.shape == (256, 704, 3)
    # The demo images are grey: colour comes from the overlaid labels.
    coloured = image.max(axis=2) - image.min(axis=2) > 30
    assert coloured[30:220].mean() > 0.2
