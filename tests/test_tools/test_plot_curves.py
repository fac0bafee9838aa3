import importlib.util
import json
import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
from PIL import Image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def fake_run(root, name: str, with_stages: bool) -> str:
    """A run folder as mmengine's LocalVisBackend leaves it."""
    vis = root / name / '20261125_120000' / 'vis_data'
    vis.mkdir(parents=True)
    records = [
        dict(loss=2.0 - 0.1 * i, epoch=i // 4 + 1, iter=i + 1, step=i + 1)
        for i in range(12)
    ] + [dict(mIoU=40.0 + 10 * e, step=e) for e in (1, 2, 3)]
    (vis / 'scalars.json').write_text(
        '\n'.join(json.dumps(r) for r in records) + '\n')
    hooks = ("custom_hooks = [dict(type='SegmentationStageHook', "
             "by_epoch=True, stages=[dict(name='pretrain', begin=0), "
             "dict(name='joint', begin=1)])]\n" if with_stages else '')
    (vis / 'config.py').write_text(hooks)
    return str(root / name)


def run_tool(args: list) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, 'tools/analysis/plot_curves.py'] + args,
        cwd=REPO_ROOT, capture_output=True, text=True)


def test_curves_of_two_runs_with_stages(tmp_path):
    runs = [fake_run(tmp_path, 'baseline', False),
            fake_run(tmp_path, 'semi', True)]
    out = tmp_path / 'curves.png'
    result = run_tool(runs + ['--keys', 'loss', 'mIoU', '--out', str(out)])
    assert result.returncode == 0, result.stderr[-2000:]
    image = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    # Two panels of 6 x 4 inches at 100 dpi.
    assert image.shape == (400, 1200, 3)
    # Axes and text are grey; curves are coloured. Both panels hold curves.
    coloured = image.max(axis=2) - image.min(axis=2) > 60
    for panel in (coloured[:, :600], coloured[:, 600:]):
        assert panel.mean() > 0.002

    # A key that no run logged leaves its panel without curves.
    empty = tmp_path / 'empty.png'
    assert run_tool(runs + ['--keys', 'nothing', '--out', str(empty)
                            ]).returncode == 0
    empty_image = np.asarray(Image.open(empty).convert('RGB'), dtype=int)
    assert (empty_image.max(axis=2) - empty_image.min(axis=2) > 60).sum() == 0


def test_unnamed_stages_are_numbered(tmp_path):
    spec = importlib.util.spec_from_file_location(
        'plot_curves', osp.join(REPO_ROOT, 'tools/analysis/plot_curves.py'))
    plot_curves = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plot_curves)
    config = tmp_path / 'config.py'
    config.write_text(
        "custom_hooks = [dict(type='SegmentationStageHook', by_epoch=True, "
        "stages=[dict(begin=0), dict(name='joint', begin=3), "
        "dict(begin=5)])]\n")
    assert plot_curves.stage_boundaries(str(config)) == {
        'stage 1': 0, 'joint': 3, 'stage 3': 5}


def test_folder_without_logs_is_an_error(tmp_path):
    result = run_tool([str(tmp_path), '--out', str(tmp_path / 'x.png')])
    assert result.returncode != 0
    assert 'no <timestamp>/vis_data/scalars.json' in result.stderr


@pytest.mark.slow
def test_curves_of_the_demo_runs(demo_runs, tmp_path):
    out = tmp_path / 'curves.png'
    result = run_tool([run['work_dir'] for run in demo_runs.values()] +
                      ['--keys', 'loss', '--out', str(out)])
    assert result.returncode == 0, result.stderr[-2000:]
    image = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    assert image.shape == (400, 600, 3)
    # Each of the four runs has its curve, in matplotlib's first four
    # colours (the last run's stage lines share its colour).
    for colour in ([31, 119, 180], [255, 127, 14], [44, 160, 44],
                   [214, 39, 40]):
        near = np.abs(image - colour).sum(axis=2) < 40
        assert near.sum() > 30, colour


def test_fractional_stage_begins_are_resolved(tmp_path):
    spec = importlib.util.spec_from_file_location(
        'plot_curves', osp.join(REPO_ROOT, 'tools/analysis/plot_curves.py'))
    plot_curves = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plot_curves)
    config = tmp_path / 'config.py'
    config.write_text(
        "train_cfg = dict(by_epoch=True, max_epochs=180)\n"
        "custom_hooks = [dict(type='SegmentationStageHook', by_epoch=True, "
        "stages=[dict(begin=0), dict(name='joint', begin=1 / 3), "
        "dict(name='pseudo', begin=2 / 3)])]\n")
    assert plot_curves.stage_boundaries(str(config)) == {
        'stage 1': 0, 'joint': 60, 'pseudo': 120}
