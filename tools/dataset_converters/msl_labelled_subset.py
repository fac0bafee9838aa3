"""Keep a fraction of the MSL training labels; the rest become unlabelled.

    python tools/dataset_converters/msl_labelled_subset.py data/msl-images \
        --labelled-fraction 0.05 --seed 0 [--reshuffle-seed 0] \
        [--out-dir data/msl-images/labelled-5pct-seed0]

For label-efficiency studies (how accuracy grows with labels). The training
split (after the paper's seeded train/val re-split when ``--reshuffle-seed``
is given) is cut per class: ``round(fraction * n_c)`` images of each class
``c``, at least one, drawn with ``--seed``, keep their labels; the other
training images are listed without labels. Written to ``--out-dir``:

- ``train.txt``, ``val.txt``, ``test.txt``: split files in the release's
  line format (``<relative path> <raw id>``), for ``split_files`` of
  ``MSLSurfaceDataset`` with ``reshuffle_seed=None`` (val and test are the
  re-split's, unchanged);
- ``unlabelled.txt``: the other training images, one relative path a line,
  for ``ann_file`` of ``UnlabeledImageDataset`` with the same ``data_root``.
  At fraction 1 every training image is labelled and the list is empty.

Paths in the files are relative to the data root.
"""
import argparse
import os
import os.path as osp
from collections import defaultdict
from typing import Dict, List

import numpy as np

from mars_mm.datasets import MSLSurfaceDataset


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Keep a fraction of the MSL training labels')
    parser.add_argument('data_root', help='the msl-images/ folder')
    parser.add_argument(
        '--labelled-fraction',
        type=float,
        required=True,
        help='fraction of each class of the training split kept labelled')
    parser.add_argument(
        '--seed', type=int, default=0, help='seed of the labelled draw')
    parser.add_argument(
        '--reshuffle-seed',
        type=int,
        default=None,
        help='re-split train+val with this seed first (the paper protocol)')
    parser.add_argument(
        '--out-dir',
        help='default: DATA_ROOT/labelled-<percent>pct-seed<seed>')
    return parser.parse_args()


def draw_labelled(labels: List[int], fraction: float,
                  seed: int) -> List[int]:
    """Indices kept labelled: ``round(fraction * n_c)`` (>= 1) per class.

    Args:
        labels (list[int]): Label of each training image.
        fraction (float): Labelled fraction, in (0, 1].
        seed (int): Seed of the draw.

    Returns:
        list[int]: Sorted indices into ``labels``.
    """
    if not 0 < fraction <= 1:
        raise ValueError(f'--labelled-fraction must be in (0, 1], got '
                         f'{fraction}')
    by_class: Dict[int, List[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_class[label].append(index)
    rng = np.random.default_rng(seed)
    kept = []
    for label in sorted(by_class):
        members = by_class[label]
        count = max(1, int(round(fraction * len(members))))
        kept += [members[i] for i in rng.permutation(len(members))[:count]]
    return sorted(kept)


def main() -> None:
    args = parse_args()
    out_dir = args.out_dir or osp.join(
        args.data_root,
        f'labelled-{args.labelled_fraction * 100:g}pct-seed{args.seed}')
    splits = {
        split: MSLSurfaceDataset(
            args.data_root, split=split, reshuffle_seed=args.reshuffle_seed)
        for split in ('train', 'val', 'test')
    }
    train = splits['train']
    kept = set(
        draw_labelled([int(x) for x in train.get_gt_labels()],
                      args.labelled_fraction, args.seed))

    def line(info: dict) -> str:
        return (f'{osp.relpath(info["img_path"], args.data_root)} '
                f'{info["raw_label"]}\n')

    os.makedirs(out_dir, exist_ok=True)
    rows = dict(
        train=[line(train.get_data_info(i)) for i in sorted(kept)],
        val=[line(info) for info in splits['val'].load_data_list()],
        test=[line(info) for info in splits['test'].load_data_list()],
        unlabelled=[
            osp.relpath(train.get_data_info(i)['img_path'], args.data_root) +
            '\n' for i in range(len(train)) if i not in kept
        ])
    for name, lines in rows.items():
        with open(osp.join(out_dir, f'{name}.txt'), 'w') as f:
            f.writelines(lines)
    print(f'{len(kept)} of {len(train)} training images labelled '
          f'({len(train.metainfo["classes"])} classes), '
          f'{len(rows["unlabelled"])} unlabelled; val {len(rows["val"])}, '
          f'test {len(rows["test"])}; files in {out_dir}')


if __name__ == '__main__':
    main()
