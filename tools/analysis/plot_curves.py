"""Training curves of several runs on one plot, stages marked (paper Fig. 11).

    python tools/analysis/plot_curves.py work_dirs/ai4mars_deeplabv3plus_r101 \
        work_dirs/ai4mars_semi --keys loss mIoU --out curves.png

Each WORK_DIR is a training run; its latest ``<timestamp>/vis_data/
scalars.json`` (written by mmengine's LocalVisBackend) gives the values.
Training values are plotted against the epoch reached (the iteration for
iteration-based runs), validation values at their epoch. When a run's config
has a ``SegmentationStageHook``, its stage boundaries are drawn as dashed
lines with the stage names.
"""
import argparse
import glob
import json
import os.path as osp
from typing import Dict, List, Tuple

import matplotlib

matplotlib.use('Agg')  # files only: no display is needed
import matplotlib.pyplot as plt  # noqa: E402
from mmengine.config import Config  # noqa: E402

from mars_mm.engine.hooks import SegmentationStageHook  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Plot training curves')
    parser.add_argument('work_dirs', nargs='+', help='training run folders')
    parser.add_argument(
        '--keys', nargs='+', default=['loss'], help='scalars, one panel each')
    parser.add_argument('--out', default='curves.png', help='PNG to write')
    return parser.parse_args()


def load_scalars(work_dir: str) -> Tuple[List[dict], str]:
    """The scalar records of a run's latest log, and that log's folder."""
    logs = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data',
                                     'scalars.json')))
    if not logs:
        raise FileNotFoundError(f'{work_dir}: no <timestamp>/vis_data/'
                                'scalars.json (not an mmengine run folder?)')
    with open(logs[-1]) as f:
        return [json.loads(line) for line in f if line.strip()], osp.dirname(
            logs[-1])


def series(records: List[dict], key: str) -> Tuple[List[float], List[float]]:
    """x (epoch or iteration) and y of one scalar over a run."""
    per_epoch = [r['iter'] / r['epoch'] for r in records
                 if 'epoch' in r and 'iter' in r and r['epoch'] > 0]
    iters_per_epoch = max(per_epoch) if per_epoch else None
    xs, ys = [], []
    for record in records:
        if key not in record:
            continue
        if 'iter' in record and iters_per_epoch:  # training, by epoch
            xs.append(record['iter'] / iters_per_epoch)
        else:  # training by iteration, or validation at its step
            xs.append(record.get('iter', record['step']))
        ys.append(record[key])
    return xs, ys


def stage_boundaries(config_path: str) -> Dict[str, int]:
    """Stage name to first epoch/iteration, from a SegmentationStageHook.

    A stage without a ``name`` (the hook makes it optional) is called
    ``stage <k>``, counted from 1; a begin given as a fraction of the run
    is resolved against the config's ``max_epochs`` or ``max_iters``.
    """
    if not osp.isfile(config_path):
        return {}
    cfg = Config.fromfile(config_path)
    for hook in cfg.get('custom_hooks', []):
        if hook.get('type') == 'SegmentationStageHook':
            total = cfg.get('train_cfg', {}).get(
                'max_epochs' if hook.get('by_epoch', True) else 'max_iters')
            return {
                stage.get('name', f'stage {index + 1}'):
                SegmentationStageHook.resolve_begin(stage['begin'], total)
                for index, stage in enumerate(hook.stages)
            }
    return {}


def main() -> None:
    args = parse_args()
    fig, axes = plt.subplots(
        1, len(args.keys), figsize=(6 * len(args.keys), 4), squeeze=False)
    for work_dir in args.work_dirs:
        records, log_dir = load_scalars(work_dir)
        label = osp.basename(osp.normpath(work_dir))
        stages = stage_boundaries(osp.join(log_dir, 'config.py'))
        for ax, key in zip(axes[0], args.keys):
            xs, ys = series(records, key)
            if not xs:
                continue
            line, = ax.plot(xs, ys, label=label, marker='o', markersize=3)
            for name, begin in stages.items():
                if begin > 0:
                    ax.axvline(begin, color=line.get_color(), ls='--', lw=1)
                    ax.annotate(
                        name,
                        xy=(begin, 1.0),
                        xycoords=('data', 'axes fraction'),
                        rotation=90,
                        va='top',
                        ha='right',
                        fontsize=8,
                        color=line.get_color())
    for ax, key in zip(axes[0], args.keys):
        ax.set_title(key)
        ax.set_xlabel('epoch (or iteration)')
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
