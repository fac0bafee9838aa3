"""Per-class image counts of the MSL splits, like the paper's Table 1.

    python tools/analysis/msl_summary.py data/msl-images [--reshuffle-seed 0]
"""
import argparse
from collections import Counter

from prettytable import PrettyTable

from mars_mm.datasets import MSLSurfaceDataset


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Summarise MSL splits')
    parser.add_argument('data_root', help='the msl-images/ folder')
    parser.add_argument(
        '--reshuffle-seed',
        type=int,
        default=None,
        help='summarise the seeded train/val re-split of the paper')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    splits = ('train', 'val', 'test')
    datasets = {
        split: MSLSurfaceDataset(
            args.data_root, split=split, reshuffle_seed=args.reshuffle_seed)
        for split in splits
    }
    counts = {
        split: Counter(int(x) for x in ds.get_gt_labels())
        for split, ds in datasets.items()
    }
    meta = datasets['train'].metainfo
    table = PrettyTable(['label', 'raw id', 'class'] + list(splits))
    for label, (name, raw) in enumerate(zip(meta['classes'],
                                            meta['raw_ids'])):
        table.add_row([label, raw, name] +
                      [counts[s][label] for s in splits])
    table.add_row(['', '', 'total'] + [len(datasets[s]) for s in splits])
    print(table)
    for split, ds in datasets.items():
        sols = [ds.get_data_info(i)['sol'] for i in range(len(ds))]
        print(f'{split}: sols {min(sols)}-{max(sols)}')


if __name__ == '__main__':
    main()
