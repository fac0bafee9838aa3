"""Collect the test metrics of several runs into a Markdown table.

    python tools/analysis/results_table.py work_dirs/msl_resnet50/seed* \
        work_dirs/msl_semi/seed* --metrics accuracy/top1

Each WORK_DIR is one training run (``tools/train.py`` keeps a copy of its
config there) whose test metrics were written by
``tools/test.py CONFIG CKPT --work-dir WORK_DIR/test``. Runs are grouped by
config and each group gets mean +- std over its runs (e.g. seeds), as in
the paper's Tables 3 and 8. Training a config over three seeds:

    for seed in 0 1 2; do
      python tools/train.py configs/msl_semi.py \
          --work-dir work_dirs/msl_semi/seed$seed \
          --cfg-options randomness.seed=$seed
      python tools/test.py configs/msl_semi.py \
          $(cat work_dirs/msl_semi/seed$seed/last_checkpoint) \
          --work-dir work_dirs/msl_semi/seed$seed/test
    done
"""
import argparse
import glob
import os.path as osp
from collections import OrderedDict

from mars_mm.utils.run_results import read_test_metrics, results_table


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Tabulate test metrics')
    parser.add_argument('work_dirs', nargs='+', help='run folders')
    parser.add_argument(
        '--metrics',
        nargs='+',
        default=['accuracy/top1', 'aAcc', 'mAcc', 'fwIoU', 'mIoU'],
        help='metric names (columns); those no run has are left out')
    parser.add_argument('--out', help='also write the table to this file')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    groups: OrderedDict = OrderedDict()
    for work_dir in args.work_dirs:
        configs = glob.glob(osp.join(work_dir, '*.py'))
        if len(configs) != 1:
            raise SystemExit(f'{work_dir}: expected the one config copy '
                             f'that tools/train.py leaves, found {configs}')
        name = osp.splitext(osp.basename(configs[0]))[0]
        groups.setdefault(name, []).append(
            read_test_metrics(osp.join(work_dir, 'test')))
    metrics = [m for m in args.metrics
               if any(m in run for runs in groups.values() for run in runs)]
    table = results_table(groups, metrics)
    print(table)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(table)


if __name__ == '__main__':
    main()
