"""Test metrics of finished runs, and tables of them over seeds."""
import glob
import json
import os.path as osp
from typing import Dict, List, Sequence

import numpy as np


def read_test_metrics(test_dir: str) -> Dict[str, float]:
    """Metrics of the latest ``tools/test.py --work-dir test_dir`` run.

    mmengine's ``LoggerHook`` writes them as the last line of
    ``<test_dir>/<timestamp>/<timestamp>.json``.

    Args:
        test_dir (str): The ``--work-dir`` given to ``tools/test.py``.

    Returns:
        dict: Metric name to value.
    """
    logs = sorted(glob.glob(osp.join(test_dir, '*', '*.json')))
    if not logs:
        raise FileNotFoundError(f'{test_dir}: no test metrics (expected '
                                '<timestamp>/<timestamp>.json from '
                                'tools/test.py --work-dir)')
    with open(logs[-1]) as f:
        lines = [line for line in f if line.strip()]
    if not lines:
        raise ValueError(f'{logs[-1]}: empty metrics file')
    return json.loads(lines[-1])


def results_table(groups: Dict[str, List[Dict[str, float]]],
                  metrics: Sequence[str]) -> str:
    """A Markdown table of mean +- std per group, like the paper's tables.

    Args:
        groups (dict): Group name (e.g. a config) to the metrics of its runs
            (e.g. one per seed).
        metrics (Sequence[str]): Metric names, one column each.

    Returns:
        str: The table; std is the sample standard deviation (ddof=1) and is
        left out for a single run.
    """
    lines = ['| run | n | ' + ' | '.join(metrics) + ' |',
             '|---|---|' + '---|' * len(metrics)]
    for name, runs in groups.items():
        cells = []
        for metric in metrics:
            values = np.array([run[metric] for run in runs if metric in run],
                              dtype=float)
            if values.size == 0:
                cells.append('-')
            elif values.size == 1:
                cells.append(f'{values[0]:.2f}')
            else:
                cells.append(f'{values.mean():.2f} +- '
                             f'{values.std(ddof=1):.2f}')
        lines.append(f'| {name} | {len(runs)} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines) + '\n'
