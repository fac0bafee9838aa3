import csv
import pickle
import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
import torch
from PIL import Image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CLASSES = ['drill', 'wheel', 'sun dial']


def dump_results(path, pairs) -> str:
    """A result file as tools/test.py --out writes it (one dict a sample)."""
    samples = [
        dict(gt_label=torch.tensor([gt]), pred_label=torch.tensor([pred]),
             pred_score=torch.zeros(3), img_path=f'{i}.jpg')
        for i, (gt, pred) in enumerate(pairs)
    ]
    with open(path, 'wb') as f:
        pickle.dump(samples, f)
    return str(path)


def assert_figures_drawn(out) -> None:
    """The three figures of a baseline/ours run exist and are not blank."""
    for name in ('per_class_accuracy', 'confusion_baseline',
                 'confusion_ours'):
        image = np.asarray(Image.open(out / f'{name}.png').convert('RGB'),
                           dtype=int)
        coloured = image.max(axis=2) - image.min(axis=2) > 60
        assert image.shape[0] > 300 and coloured.mean() > 0.01, name


def run_tool(args: list) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, 'tools/analysis/classification_figures.py'] + args,
        cwd=REPO_ROOT, capture_output=True, text=True)


def test_per_class_accuracy_and_confusion_figures(tmp_path):
    checkpoint = str(tmp_path / 'ckpt.pth')
    torch.save(dict(meta=dict(dataset_meta=dict(classes=CLASSES)),
                    state_dict={}), checkpoint)
    # (true, predicted): drill 2 of 3 right, wheel 1 of 2, no 'sun dial'.
    base = dump_results(tmp_path / 'base.pkl',
                        [(0, 0), (0, 0), (0, 1), (1, 1), (1, 0)])
    ours = dump_results(tmp_path / 'ours.pkl',
                        [(0, 0), (0, 0), (0, 0), (1, 1), (1, 1)])
    out = tmp_path / 'figs'
    result = run_tool([base, ours, '--names', 'baseline', 'ours',
                       '--checkpoint', checkpoint, '--out-dir', str(out)])
    assert result.returncode == 0, result.stderr[-2000:]
    with open(out / 'per_class_accuracy.csv') as f:
        rows = list(csv.reader(f))
    assert rows == [['class', 'baseline', 'ours'],
                    ['drill', '66.67', '100.00'],
                    ['wheel', '50.00', '100.00'],
                    ['sun dial', '', '']]
    assert_figures_drawn(out)


def test_segmentation_or_foreign_results_are_rejected(tmp_path):
    checkpoint = str(tmp_path / 'ckpt.pth')
    torch.save(dict(meta=dict(dataset_meta=dict(classes=CLASSES))),
               checkpoint)
    other = tmp_path / 'seg.pkl'
    with open(other, 'wb') as f:
        pickle.dump([dict(pred_sem_seg=None)], f)
    result = run_tool([str(other), '--checkpoint', checkpoint, '--out-dir',
                       str(tmp_path / 'figs')])
    assert result.returncode != 0
    assert 'seg.pkl: not a classification result file' in result.stderr


@pytest.mark.slow
def test_figures_of_the_demo_classifiers(demo_runs, tmp_path):
    base, ours = demo_runs['msl_resnet18_demo'], demo_runs['msl_semi_demo']
    out = tmp_path / 'figs'
    result = run_tool([base['results'], ours['results'], '--names',
                       'baseline', 'ours', '--checkpoint', ours['checkpoint'],
                       '--out-dir', str(out)])
    assert result.returncode == 0, result.stderr[-2000:]
    with open(out / 'per_class_accuracy.csv') as f:
        rows = list(csv.reader(f))
    classes = torch.load(ours['checkpoint'], weights_only=False)['meta'][
        'dataset_meta']['classes']
    assert rows[0] == ['class', 'baseline', 'ours']
    assert [row[0] for row in rows[1:]] == list(classes)
    # Per-class accuracy counted from the result files.
    for col, run in ((1, base), (2, ours)):
        with open(run['results'], 'rb') as f:
            samples = pickle.load(f)
        gt = np.array([int(s['gt_label']) for s in samples])
        pred = np.array([int(s['pred_label']) for s in samples])
        for c, row in enumerate(rows[1:]):
            expected = ('' if not (gt == c).any() else
                        f'{100 * (pred[gt == c] == c).mean():.2f}')
            assert row[col] == expected, (row[0], col)
    assert_figures_drawn(out)
