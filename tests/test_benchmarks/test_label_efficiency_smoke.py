"""``make bench-accuracy`` end to end at a tiny budget.

Not an accuracy test: 35 iterations mean nothing (they are the fewest that
keep the three segmentation stages apart). It checks that the
benchmark builds both real-image sets, cuts a labelled subset with the
user-facing tools, gives the baseline and the semi-supervised config of a
subset the same labelled images and budget, and writes the table and plot.
"""
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import DATASETS, MODELS, DefaultScope

import mars_mm  # noqa: F401 (the mmseg:: alias of the dumped configs)
from benchmarks.label_efficiency import (TASKS, collect, markdown, parse_args,
                                         run_config, single_runs,
                                         tables_command, variants_markdown,
                                         with_variants)

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def bench(tmp_path_factory):
    root = tmp_path_factory.mktemp('label_efficiency')
    out = root / 'LABEL_EFFICIENCY.md'
    subprocess.run([
        sys.executable, '-m', 'benchmarks.label_efficiency', '--fractions',
        '0.2', '--seeds', '0', '--max-iters', '35', '--work-dir',
        str(root / 'runs'), '--out',
        str(out)
    ],
                   cwd=REPO_ROOT,
                   env=dict(os.environ, OMP_NUM_THREADS='1'),
                   check=True,
                   capture_output=True,
                   timeout=600)
    return root


def _dataset_files(dataset: dict) -> list:
    return [dataset.get('ann_file')] + sorted(
        (dataset.get('split_files') or {}).values())


@pytest.mark.slow
@pytest.mark.parametrize('task', ['digits', 'textures'])
def test_both_methods_get_the_same_labels_and_budget(bench, task):
    runs = bench / 'runs' / task / 'labelled-20pct-seed0'
    baseline = Config.fromfile(str(runs / 'baseline' / 'config.py'))
    semi = Config.fromfile(str(runs / 'semi' / 'config.py'))
    labelled = semi.train_dataloader.dataset.datasets[0]
    assert _dataset_files(labelled) == _dataset_files(
        baseline.train_dataloader.dataset)
    assert osp.isabs(labelled.data_root) and 'runs/data' in \
        labelled.data_root
    assert baseline.train_cfg.max_epochs == semi.train_cfg.max_epochs
    assert baseline.randomness.seed == semi.randomness.seed == 0
    for cfg in (baseline, semi):
        for key in ('val_dataloader', 'test_dataloader'):
            assert cfg[key].dataset == baseline[key].dataset
    for method in ('baseline', 'semi'):
        assert (runs / method / 'metrics.json').is_file()


@pytest.mark.slow
def test_table_and_plot_are_written(bench):
    text = (bench / 'LABEL_EFFICIENCY.md').read_text()
    for title in ('digits in the MSL layout (accuracy/top1, test',
                  'textures in the AI4Mars layout (mIoU, test'):
        assert title in text
    rows = re.findall(r'^\| 20% \| ([\d.]+) \+- [\d.]+ \| ([\d.]+) \+- ',
                      text, re.MULTILINE)
    assert len(rows) == 4  # two tasks, test and val
    assert all(math.isfinite(float(v)) for row in rows for v in row)
    assert (bench / 'LABEL_EFFICIENCY.png').stat().st_size > 10_000


VARIANTS = sorted(
    osp.relpath(path, REPO_ROOT)
    for path in glob.glob(osp.join(REPO_ROOT, 'configs', 'bench', '*.py')))


@pytest.mark.slow
@pytest.mark.parametrize('config', VARIANTS)
def test_every_bench_config_builds_on_a_subset(bench, config):
    tasks = with_variants([config])
    stem = osp.splitext(osp.basename(config))[0]
    task = tasks[stem.split('_')[0]]
    method = next(m for m, path in task.configs.items() if path == config)
    data_root = str(bench / 'runs' / 'data' / task.data_dir)
    cfg = run_config(task, method, data_root, 'labelled-20pct-seed0', 0, 35)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        assert sum(p.numel() for p in MODELS.build(cfg.model).parameters())
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
            assert len(DATASETS.build(cfg[key]['dataset'])) > 0


def _prepare_textures_cell(work_dir, *options: str) -> list:
    """``--prepare-only`` of textures at 5%, seed 0: the run folders."""
    return subprocess.run([
        sys.executable, '-m', 'benchmarks.label_efficiency', '--tasks',
        'textures', '--fractions', '0.05', '--seeds', '0', '--work-dir',
        str(work_dir), '--prepare-only', *options
    ],
                          cwd=REPO_ROOT,
                          check=True,
                          capture_output=True,
                          text=True,
                          timeout=300).stdout.split()


@pytest.fixture(scope='module')
def textures_cell(tmp_path_factory):
    """A work dir where ``--prepare-only`` ran once, and what it printed."""
    work_dir = tmp_path_factory.mktemp('textures_cell')
    return work_dir, _prepare_textures_cell(work_dir)


def _copy_data(textures_cell, work_dir) -> None:
    """The written set and subset in ``work_dir``: configs not yet."""
    shutil.copytree(textures_cell[0] / 'data', work_dir / 'data')


def test_prepare_only_writes_the_configs_and_trains_nothing(textures_cell):
    """``make demo`` trains what ``--prepare-only`` writes, itself."""
    tmp_path, prepared = textures_cell
    cell = tmp_path / 'textures' / 'labelled-5pct-seed0'
    assert prepared == [str(cell / 'baseline'), str(cell / 'semi')]
    for method in ('baseline', 'semi'):
        assert (cell / method / 'config.py').is_file()
        assert sorted(os.listdir(cell / method)) == ['config.py']
    semi = Config.fromfile(str(cell / 'semi' / 'config.py'))
    assert semi.randomness.seed == 0
    assert (tmp_path / 'data' / 'textures-ai4mars' / 'msl' /
            'labelled-5pct-seed0' / 'train.txt').is_file()


def test_a_finished_run_is_reused_only_with_its_config(
        textures_cell, tmp_path):
    """A run's metrics count only for the config it was trained with."""
    _copy_data(textures_cell, tmp_path)
    cell = tmp_path / 'textures' / 'labelled-5pct-seed0'
    both = [str(cell / 'baseline'), str(cell / 'semi')]
    assert _prepare_textures_cell(tmp_path) == both
    config = cell / 'baseline' / 'config.py'
    trained = config.read_text()
    metrics = cell / 'baseline' / 'metrics.json'
    metrics.write_text(json.dumps(dict(test={}, config=trained)))
    # The Runner dumps its own config (with work_dir) over config.py.
    config.write_text(trained + "work_dir = 'elsewhere'\n")
    assert _prepare_textures_cell(tmp_path) == [str(cell / 'semi')]
    # Trained with another setting: trained again, its metrics gone.
    metrics.write_text(
        json.dumps(dict(test={}, config=trained.replace('seed=0',
                                                        'seed=7'))))
    assert _prepare_textures_cell(tmp_path) == both
    assert not metrics.exists()


def test_train_seeds_train_each_method_again_on_the_same_labels(
        textures_cell, tmp_path):
    """``--train-seeds 2``: a second run of each method, only its seed new."""
    _copy_data(textures_cell, tmp_path)
    cell = tmp_path / 'textures' / 'labelled-5pct-seed0'
    assert _prepare_textures_cell(tmp_path, '--train-seeds', '2') == [
        str(cell / name) for name in ('baseline', 'semi',
                                      'baseline-train-seed100',
                                      'semi-train-seed100')
    ]
    for method in ('baseline', 'semi'):
        first = Config.fromfile(str(cell / method / 'config.py'))
        second = Config.fromfile(
            str(cell / f'{method}-train-seed100' / 'config.py'))
        assert (first.randomness.seed, second.randomness.seed) == (0, 100)
        second.randomness = first.randomness
        assert second.pretty_text == first.pretty_text


def refused_preparation(work_dir, *args: str) -> subprocess.CompletedProcess:
    """``--prepare-only`` with ``args`` into ``work_dir``, expected to fail."""
    return subprocess.run([
        sys.executable, '-m', 'benchmarks.label_efficiency', *args,
        '--work-dir',
        str(work_dir), '--prepare-only'
    ],
                          cwd=REPO_ROOT,
                          capture_output=True,
                          text=True,
                          timeout=300)


def test_train_seeds_below_one_are_refused(tmp_path):
    refused = refused_preparation(tmp_path, '--train-seeds', '0')
    assert refused.returncode != 0
    assert '--train-seeds must be at least 1, got 0' in refused.stderr
    assert not os.listdir(tmp_path)


def test_an_unknown_reference_is_refused_before_any_run(tmp_path):
    refused = refused_preparation(tmp_path, '--tasks', 'textures',
                                  '--reference', 'textures_other')
    assert refused.returncode != 0
    assert ('--reference textures_other is none of the methods of textures'
            in refused.stderr)
    assert not os.listdir(tmp_path)


def test_a_subsets_result_is_the_mean_of_its_training_runs(tmp_path):
    task = TASKS['textures']
    written = {
        ('labelled-5pct-seed3', 'baseline'): 40.0,
        ('labelled-5pct-seed3', 'baseline-train-seed103'): 50.0,
        ('labelled-5pct-seed3', 'semi'): 44.0,
        ('labelled-5pct-seed3', 'semi-train-seed103'): 47.0,
        ('labelled-5pct-seed4', 'baseline'): 30.0,
        ('labelled-5pct-seed4', 'baseline-train-seed104'): 31.0,
        ('labelled-5pct-seed4', 'semi'): 60.0,
        ('labelled-5pct-seed4', 'semi-train-seed104'): 61.0,
    }
    for (subset, run), value in written.items():
        run_dir = tmp_path / 'textures' / subset / run
        run_dir.mkdir(parents=True)
        (run_dir / 'metrics.json').write_text(
            json.dumps(dict(test={task.metric: value})))
    results = collect(task, [0.05], [3, 4], str(tmp_path),
                      num_train_seeds=2)
    np.testing.assert_allclose(results[0.05]['baseline'],
                               [[40.0, 50.0], [30.0, 31.0]])
    # Subset means: baseline 45 and 30.5, semi 45.5 and 60.5; diffs +0.5
    # and +30, mean 15.25, std 29.5 / sqrt(2) = 20.86.
    row = markdown(task, results, 'test').splitlines()[-1]
    assert row == ('| 5% | 37.75 +- 10.25 | 53.00 +- 10.61 | +15.25 +- '
                   '20.86 | 2/2 | no | +0.50 +30.00 |')
    # Run by run: +4, -3, +30, +30; mean 15.25, std
    # sqrt((11.25^2 + 18.25^2 + 2 * 14.75^2) / 3) = 17.27.
    assert single_runs(results) == (
        'Single runs (semi - baseline, same subset and training seed): '
        '5%: +15.25 +- 17.27, 3/4 runs won.\n')
    # One draw: the subsets' own seeds only.
    one = collect(task, [0.05], [3, 4], str(tmp_path))[0.05]
    np.testing.assert_allclose(one['baseline'], [[40.0], [30.0]])


@pytest.mark.slow
def test_the_same_command_again_trains_nothing(bench):
    """Runs trained by the benchmark itself are recognised as finished."""
    again = subprocess.run([
        sys.executable, '-m', 'benchmarks.label_efficiency', '--fractions',
        '0.2', '--seeds', '0', '--max-iters', '35', '--work-dir',
        str(bench / 'runs'), '--prepare-only'
    ],
                           cwd=REPO_ROOT,
                           check=True,
                           capture_output=True,
                           text=True,
                           timeout=300)
    assert again.stdout.split() == []
    for task in ('digits', 'textures'):
        for method in ('baseline', 'semi'):
            assert (bench / 'runs' / task / 'labelled-20pct-seed0' / method /
                    'metrics.json').is_file()


def test_tables_state_each_seed_and_the_criterion():
    # One training run per subset: a column each.
    base = np.array([[40.0], [50.0], [45.0]])
    semi = np.array([[44.0], [49.0], [51.0]])  # diffs +4, -1, +6
    results = {0.05: dict(baseline=base, semi=semi)}
    row = markdown(TASKS['textures'], results, 'test').splitlines()[-1]
    # Means 45 / 48, stds 5 and sqrt((16 + 1 + 9) / 2) = 3.61; the diffs'
    # mean 3, std also sqrt((1 + 16 + 9) / 2) = 3.61 > 3: no gain > std.
    assert row == ('| 5% | 45.00 +- 5.00 | 48.00 +- 3.61 | +3.00 +- 3.61 | '
                   '2/3 | no | +4.00 -1.00 +6.00 |')
    rows = variants_markdown(TASKS['textures'], results,
                             'val').splitlines()[-2:]
    assert rows == [
        '| 5% | baseline | 45.00 +- 5.00 | +0.00 +- 0.00 | 0/3 | '
        '+0.00 +0.00 +0.00 |',
        '| 5% | semi | 48.00 +- 3.61 | +3.00 +- 3.61 | 2/3 | '
        '+4.00 -1.00 +6.00 |'
    ]
    # Against another reference: the semi-supervised run's differences
    # are -4, +1, -6 for the baseline.
    table = variants_markdown(TASKS['textures'], results, 'val', 'semi')
    assert '| - semi (per-seed diff.) |' in table
    assert table.splitlines()[-2] == (
        '| 5% | baseline | 45.00 +- 5.00 | -3.00 +- 3.61 | 1/3 | '
        '-4.00 +1.00 -6.00 |')
    with pytest.raises(ValueError, match='--reference other'):
        variants_markdown(TASKS['textures'], results, 'val', 'other')


def test_tables_command_repeats_the_variants(monkeypatch):
    variant = 'configs/bench/textures_deeplabv3plus_semi_separate_sources.py'
    monkeypatch.setattr(sys, 'argv', [
        'label_efficiency', '--tasks', 'textures', '--fractions', '0.05',
        '0.2', '--seeds', '0', '1', '--train-seeds', '5', '--variants',
        variant, '--work-dir', '/tmp/elsewhere'
    ])
    assert tables_command(parse_args()) == (
        'python -m benchmarks.label_efficiency --tasks textures --fractions '
        f'0.05 0.2 --seeds 0 1 --train-seeds 5 --variants {variant}')
    monkeypatch.setattr(sys, 'argv', ['label_efficiency', '--seeds', '3'])
    assert tables_command(parse_args()) == (
        'python -m benchmarks.label_efficiency --tasks digits textures '
        '--fractions 0.05 0.2 1 --seeds 3')
    monkeypatch.setattr(
        sys, 'argv', ['label_efficiency', '--seeds', '3', '--max-iters', '35'])
    assert tables_command(parse_args()).endswith('--seeds 3 --max-iters 35')
    monkeypatch.setattr(sys, 'argv', [
        'label_efficiency', '--seeds', '3', '--variants', variant,
        '--reference', 'textures_deeplabv3plus_semi_separate_sources'
    ])
    assert tables_command(parse_args()).endswith(
        f'--variants {variant} --reference '
        'textures_deeplabv3plus_semi_separate_sources')
