import csv
import os
import subprocess
import sys
from collections import Counter
from os import path as osp

import numpy as np
import pytest
from PIL import Image

from mars_mm.datasets import MSLSurfaceDataset

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def run_embedding(base: dict, ours: dict, args: list) -> list:
    """Run the tool on two demo runs; the rows of its CSV.

    One OpenMP thread: on a machine whose cores are busy, the threads of
    scikit-learn's t-SNE wait for each other at every step (100x slower).
    """
    out = args[args.index('--out') + 1]
    command = [
        sys.executable, 'tools/analysis/feature_embedding.py',
        base['config'], base['checkpoint'], ours['config'], ours['checkpoint']
    ] + args
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True,
                            text=True,
                            env=dict(os.environ, OMP_NUM_THREADS='1'))
    assert result.returncode == 0, result.stderr[-3000:]
    with open(osp.splitext(out)[0] + '.csv') as f:
        return list(csv.DictReader(f))


def check_figure(path: str) -> None:
    """Two 6 x 6.5 inch panels at 80 dpi, both with coloured points."""
    image = np.asarray(Image.open(path).convert('RGB'), dtype=int)
    assert image.shape == (520, 960, 3)
    # The scatter plots (above the legend): grey axes, coloured points.
    plots = image[60:420]
    coloured = plots.max(axis=2) - plots.min(axis=2) > 60
    for half in (coloured[:, :480], coloured[:, 480:]):
        assert half.mean() > 0.002


@pytest.mark.slow
def test_image_features_of_the_demo_classifiers(demo_runs, demo_data_root,
                                                tmp_path):
    out = str(tmp_path / 'tsne.png')
    rows = run_embedding(
        demo_runs['msl_resnet18_demo'], demo_runs['msl_semi_demo'], [
            '--points-per-class', '2', '--names', 'baseline', 'ours',
            '--out', out, '--cfg-options',
            f'test_dataloader.dataset.data_root={demo_data_root["msl"]}'
        ])
    check_figure(out)
    dataset = MSLSurfaceDataset(demo_data_root['msl'], split='test')
    truth = {
        dataset.get_data_info(i)['img_path']: dataset.get_data_info(i)
        ['gt_label'] for i in range(len(dataset))
    }
    per_class = Counter(truth.values())
    for model in ('baseline', 'ours'):
        mine = [r for r in rows if r['model'] == model]
        # At most two test images of each class, each one as labelled.
        assert Counter(int(r['class_id']) for r in mine) == {
            c: min(2, n) for c, n in per_class.items()
        }
        assert all(truth[r['image']] == int(r['class_id']) for r in mine)
        assert len({r['image'] for r in mine}) == len(mine)
        coords = np.array([[float(r['tsne_x']), float(r['tsne_y'])]
                           for r in mine])
        assert np.isfinite(coords).all() and coords.std(axis=0).min() > 0
    # Both models embed the same images.
    assert [r['image'] for r in rows[:len(rows) // 2]] == \
        [r['image'] for r in rows[len(rows) // 2:]]


@pytest.mark.slow
def test_pixel_features_of_the_demo_segmentors(demo_runs, demo_data_root,
                                               masked_label, tmp_path):
    root = demo_data_root['ai4mars']
    out = str(tmp_path / 'tsne.png')
    rows = run_embedding(
        demo_runs['ai4mars_deeplabv3plus_demo'],
        demo_runs['ai4mars_semi_demo'], [
            '--num-images', '3', '--points-per-class', '40', '--out', out,
            '--cfg-options', f'test_dataloader.dataset.data_root={root}'
        ])
    check_figure(out)
    with open(osp.join(root, 'splits', 'test.txt')) as f:
        stems = f.read().split()[:3]
    labels = {stem: masked_label(root, stem) for stem in stems}
    available = Counter()
    for label in labels.values():
        available.update(
            {c: int((label == c).sum())
             for c in range(4) if (label == c).any()})
    models = ('ai4mars_deeplabv3plus_demo', 'ai4mars_semi_demo')
    for model in models:
        mine = [r for r in rows if r['model'] == model]
        # 40 pixels of each class (or all it has in the three images).
        assert Counter(int(r['class_id']) for r in mine) == {
            c: min(40, n) for c, n in available.items()
        }
        for r in mine:
            stem = osp.splitext(osp.basename(r['image']))[0]
            label = labels[stem][int(r['pixel_y']), int(r['pixel_x'])]
            assert label == int(r['class_id'])
        pixels = {(r['image'], r['pixel_y'], r['pixel_x']) for r in mine}
        assert len(pixels) == len(mine)
    # Both models embed the same pixels.
    first, second = ([(r['image'], r['pixel_y'], r['pixel_x'])
                      for r in rows if r['model'] == m] for m in models)
    assert first == second
