import glob
import json
import subprocess
import sys
from os import path as osp

import pytest

from mars_mm.utils.run_results import read_test_metrics, results_table

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def fake_run(root, config: str, seed: int, metrics: dict) -> str:
    """A run folder as tools/train.py + tools/test.py leave it."""
    run = root / config / f'seed{seed}'
    log_dir = run / 'test' / '20261125_120000'
    log_dir.mkdir(parents=True)
    (run / f'{config}.py').write_text('# config copy\n')
    # Earlier lines (e.g. of other hooks) come before the metrics line.
    (log_dir / '20261125_120000.json').write_text(
        json.dumps({'time': 0.1}) + '\n' + json.dumps(metrics) + '\n')
    return str(run)


def test_mean_and_sample_std_per_config(tmp_path):
    runs = [fake_run(tmp_path, 'msl_semi', s, {'accuracy/top1': v})
            for s, v in enumerate([94.0, 96.0, 98.0])]
    runs.append(fake_run(tmp_path, 'msl_resnet50', 0,
                         {'accuracy/top1': 79.25}))
    result = subprocess.run(
        [sys.executable, 'tools/analysis/results_table.py'] + runs +
        ['--metrics', 'accuracy/top1', 'mIoU'],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    rows = [line for line in result.stdout.splitlines()
            if line.startswith('| msl')]
    # mean 96, sample std sqrt(((-2)^2 + 0 + 2^2) / 2) = 2
    assert rows == ['| msl_semi | 3 | 96.00 +- 2.00 |',
                    '| msl_resnet50 | 1 | 79.25 |']


def test_missing_metric_is_a_dash_and_missing_run_an_error(tmp_path):
    table = results_table({'a': [{'mIoU': 70.0}], 'b': [{'aAcc': 90.0}]},
                          ['mIoU', 'aAcc'])
    assert '| a | 1 | 70.00 | - |' in table
    assert '| b | 1 | - | 90.00 |' in table
    with pytest.raises(FileNotFoundError, match='no test metrics'):
        read_test_metrics(str(tmp_path))


@pytest.mark.slow
def test_table_of_the_demo_runs(demo_runs):
    result = subprocess.run(
        [sys.executable, 'tools/analysis/results_table.py'] +
        [run['work_dir'] for run in demo_runs.values()],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    header = lines.index('| run | n | accuracy/top1 | aAcc | mAcc | fwIoU '
                         '| mIoU |')
    rows = lines[header + 2:header + 2 + len(demo_runs)]
    for row, (name, run) in zip(rows, demo_runs.items()):
        logs = sorted(glob.glob(osp.join(run['work_dir'], 'test', '*',
                                         '*.json')))
        with open(logs[-1]) as f:
            metrics = json.loads(f.read().splitlines()[-1])
        cells = [f'{metrics[key]:.2f}' if key in metrics else '-'
                 for key in ('accuracy/top1', 'aAcc', 'mAcc', 'fwIoU',
                             'mIoU')]
        assert row == f'| {name} | 1 | ' + ' | '.join(cells) + ' |'
