"""Per-class accuracy of several models (paper Fig. 8) and their confusion
matrices, from ``tools/test.py CONFIG CKPT --out RESULT.pkl`` files.

    python tools/analysis/classification_figures.py baseline.pkl ours.pkl \
        --names baseline ours --checkpoint ours.pth --out-dir figures

writes ``per_class_accuracy.png`` and ``.csv`` (one bar / column per model)
and ``confusion_<name>.png`` for each model. Class names come from the
``dataset_meta`` that training saved in a checkpoint.
"""
import argparse
import csv
import os
import os.path as osp
import pickle
from typing import List

import matplotlib

matplotlib.use('Agg')  # files only: no display is needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmpretrain.evaluation import ConfusionMatrix  # noqa: E402

from mars_mm.utils import load_local_checkpoint  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Classification figures')
    parser.add_argument('results', nargs='+', help='tools/test.py --out files')
    parser.add_argument('--names', nargs='+', help='one name per result')
    parser.add_argument(
        '--checkpoint', required=True, help='a checkpoint with dataset_meta')
    parser.add_argument('--out-dir', default='figures')
    return parser.parse_args()


def confusion_matrix(path: str, num_classes: int) -> torch.Tensor:
    """Rows: true class; columns: predicted class."""
    with open(path, 'rb') as f:
        samples = pickle.load(f)
    if not samples or 'pred_label' not in samples[0]:
        raise ValueError(f'{path}: not a classification result file of '
                         'tools/test.py --out')
    pred = torch.cat([s['pred_label'] for s in samples])
    gt = torch.cat([s['gt_label'] for s in samples])
    return ConfusionMatrix.calculate(pred, gt, num_classes=num_classes)


def per_class_accuracy(matrix: torch.Tensor) -> np.ndarray:
    """Share of each class's images predicted as that class (NaN: none)."""
    matrix = matrix.double()
    totals = matrix.sum(dim=1)
    with np.errstate(invalid='ignore', divide='ignore'):
        return (matrix.diag() / totals).numpy() * 100


def plot_per_class(accuracies: List[np.ndarray], names: List[str],
                   classes: List[str], out: str) -> None:
    fig, ax = plt.subplots(figsize=(max(8, 0.5 * len(classes)), 4.5))
    width = 0.8 / len(names)
    x = np.arange(len(classes))
    for i, (name, acc) in enumerate(zip(names, accuracies)):
        ax.bar(x + (i - (len(names) - 1) / 2) * width, np.nan_to_num(acc),
               width, label=name)
    ax.set_xticks(x)
    ax.set_xticklabels(classes, rotation=60, ha='right', fontsize=8)
    ax.set_ylabel('accuracy (%)')
    ax.set_ylim(0, 100)
    ax.set_title('Per-class accuracy on the test split')
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main() -> None:
    args = parse_args()
    names = args.names or [
        osp.splitext(osp.basename(p))[0] for p in args.results
    ]
    if len(names) != len(args.results):
        raise SystemExit('give one --names entry per result file')
    meta = load_local_checkpoint(args.checkpoint).get('meta', {})
    classes = list(meta.get('dataset_meta', {}).get('classes', []))
    if not classes:
        raise SystemExit(f'{args.checkpoint}: no dataset_meta.classes')
    os.makedirs(args.out_dir, exist_ok=True)

    accuracies = []
    for name, path in zip(names, args.results):
        matrix = confusion_matrix(path, len(classes))
        accuracies.append(per_class_accuracy(matrix))
        fig = ConfusionMatrix.plot(matrix, classes=classes, show=False)
        # Long class names: vertical column labels, and room for them.
        plt.setp(fig.axes[0].get_xticklabels(), rotation=90, ha='center')
        fig.suptitle(f'Confusion matrix (test images): {name}')
        fig.tight_layout()
        fig.savefig(osp.join(args.out_dir, f'confusion_{name}.png'), dpi=80)
        plt.close(fig)

    plot_per_class(accuracies, names, classes,
                   osp.join(args.out_dir, 'per_class_accuracy.png'))
    with open(osp.join(args.out_dir, 'per_class_accuracy.csv'), 'w',
              newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['class'] + names)
        for i, name in enumerate(classes):
            writer.writerow([name] + [
                '' if np.isnan(acc[i]) else f'{acc[i]:.2f}'
                for acc in accuracies
            ])
    print(f'figures in {args.out_dir}')


if __name__ == '__main__':
    main()
