"""The CPU demo behind ``make demo``.

Writes the demo datasets, splits AI4Mars by time, then trains and tests each
demo config with ``tools/train.py`` and ``tools/test.py`` (the commands a user
runs on real data), and prints the test metrics side by side.
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

# (task, run name, config); runs of a task are compared in the summary.
DEMO_RUNS = [
    ('MSL classification', 'baseline', 'configs/demo/msl_resnet18_demo.py'),
    ('MSL classification', 'semi-supervised',
     'configs/demo/msl_semi_demo.py'),
    ('AI4Mars segmentation', 'baseline',
     'configs/demo/ai4mars_deeplabv3plus_demo.py'),
    ('AI4Mars segmentation', 'semi-supervised',
     'configs/demo/ai4mars_semi_demo.py'),
]
# Metrics printed per task, as the test evaluators name them.
SHOWN_METRICS = {
    'MSL classification': ['accuracy/top1'],
    'AI4Mars segmentation': ['aAcc', 'mIoU', 'fwIoU'],
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
    lines = [f'  {"task":22s} {"metric":14s} {"baseline":>9s} '
             f'{"semi-sup.":>9s} {"gain":>7s}']
    for task, shown in SHOWN_METRICS.items():
        for key in shown:
            base = metrics[(task, 'baseline')][key]
            semi = metrics[(task, 'semi-supervised')][key]
            lines.append(f'  {task:22s} {key:14s} {base:9.2f} {semi:9.2f} '
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

    results = []
    for task, name, config in DEMO_RUNS:
        run_dir = osp.join(work_dir,
                           osp.splitext(osp.basename(config))[0])
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

    print(f'\nDemo finished in {time.time() - start:.0f} s. '
          'Test-split metrics (demo data):')
    print(comparison_table(results))
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
