"""The CPU demo behind ``make demo``.

Trains and tests baseline vs semi-supervised on one cell of the
label-efficiency benchmark per task (``benchmarks/label_efficiency.py``: 5%
of the labelled split, seed 0, real images from scikit-learn and
scikit-image in the MSL and AI4Mars layouts) with ``tools/train.py`` and
``tools/test.py``, the commands a user runs on the releases, and prints the
test metrics side by side. It also writes the synthetic demo datasets that
the ``configs/demo`` commands of the README read: generated images show
that the tools run, not whether the method pays off.
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
import time
from typing import List

from mars_mm.utils.run_results import read_test_metrics

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_DATA = osp.join(REPO_ROOT, 'data', 'demo')
AI4MARS_ROOT = osp.join(DEMO_DATA, 'ai4mars-dataset-merged-0.1', 'msl')
# The benchmark cell the demo trains: its scarcest fraction and first seed.
FRACTION, SEED = 0.05, 0
SPLIT_DIR = f'labelled-{FRACTION * 100:g}pct-seed{SEED}'

# (task, benchmark task, run name, benchmark method); runs of a task are
# compared in the summary.
DEMO_RUNS = [
    ('Classification (MSL layout)', 'digits', 'baseline', 'baseline'),
    ('Classification (MSL layout)', 'digits', 'semi-supervised', 'semi'),
    ('Segmentation (AI4Mars layout)', 'textures', 'baseline', 'baseline'),
    ('Segmentation (AI4Mars layout)', 'textures', 'semi-supervised', 'semi'),
]
# Metrics printed per task, as the test evaluators name them.
SHOWN_METRICS = {
    'Classification (MSL layout)': ['accuracy/top1'],
    'Segmentation (AI4Mars layout)': ['aAcc', 'mIoU', 'fwIoU'],
}


def run(cmd: List[str]) -> None:
    print('+', ' '.join(cmd), flush=True)
    subprocess.run(cmd, cwd=REPO_ROOT, check=True)


def comparison_table(results: list) -> str:
    """Baseline and semi-supervised metrics of each task, and the gain.

    Args:
        results (list): ``(task, run name, config, run dir, checkpoint,
            metrics)`` of every demo run.

    Returns:
        str: One line per task and metric.
    """
    metrics = {(task, name): found
               for task, name, _, _, _, found in results}
    lines = [f'  {"task":30s} {"metric":14s} {"baseline":>9s} '
             f'{"semi-sup.":>9s} {"gain":>7s}']
    for task, shown in SHOWN_METRICS.items():
        for key in shown:
            base = metrics[(task, 'baseline')][key]
            semi = metrics[(task, 'semi-supervised')][key]
            lines.append(f'  {task:30s} {key:14s} {base:9.2f} {semi:9.2f} '
                         f'{semi - base:+7.2f}')
    return '\n'.join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description='Run the CPU demo')
    parser.add_argument('--work-dir', default='work_dirs/demo')
    args = parser.parse_args()
    work_dir = osp.abspath(args.work_dir)
    start = time.time()

    python = sys.executable
    run([python, 'tools/make_demo_data.py', DEMO_DATA, '--seed', '0'])
    run([python, 'tools/dataset_converters/ai4mars_split.py', AI4MARS_ROOT])
    # The real-image sets, the labelled subset and each run's config.py.
    run([
        python, '-m', 'benchmarks.label_efficiency', '--tasks', 'digits',
        'textures', '--fractions', str(FRACTION), '--seeds',
        str(SEED), '--work-dir', work_dir, '--prepare-only'
    ])

    results = []
    for task, bench_task, name, method in DEMO_RUNS:
        run_dir = osp.join(work_dir, bench_task, SPLIT_DIR, method)
        config = osp.join(run_dir, 'config.py')
        run([python, 'tools/train.py', config, '--work-dir', run_dir])
        with open(osp.join(run_dir, 'last_checkpoint')) as f:
            checkpoint = f.read().strip()
        test_dir = osp.join(run_dir, 'test')
        run([
            python, 'tools/test.py', config, checkpoint, '--work-dir',
            test_dir
        ])
        results.append((task, name, config, run_dir, checkpoint,
                        read_test_metrics(test_dir)))

    print(f'\nDemo finished in {time.time() - start:.0f} s. Test-split '
          f'metrics, {FRACTION:.0%} of the labelled images, seed {SEED} '
          '(digits and textures, real images):')
    print(comparison_table(results))
    print('Over 5 seeds, and at other fractions: benchmarks/'
          'LABEL_EFFICIENCY.md (`make bench-accuracy`).')
    print('\nWhere things are:')
    for task, name, config, run_dir, checkpoint, metrics in results:
        print(f'  {config}\n    logs and metrics: {run_dir}/<timestamp>/ '
              f'(test: {run_dir}/test/)\n    checkpoint: {checkpoint}')
    os.makedirs(work_dir, exist_ok=True)
    summary = osp.join(work_dir, 'demo_metrics.json')
    with open(summary, 'w') as f:
        json.dump([
            dict(task=task, run=name, config=config, metrics=metrics)
            for task, name, config, _, _, metrics in results
        ], f, indent=2)
    print(f'  all test metrics: {summary}')


if __name__ == '__main__':
    main()
