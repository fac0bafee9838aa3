"""Split AI4Mars (MSL) by time and print a summary like the paper's Table 2.

    python tools/dataset_converters/ai4mars_split.py \
        data/ai4mars-dataset-merged-0.1/msl

writes ``<DATA_ROOT>/splits/{train,val,test}.txt`` (image stems), which
``configs/_base_/datasets/ai4mars.py`` reads.

For label-efficiency studies, ``--labelled-fraction F`` keeps the labels of a
random fraction ``F`` of the training images (at least one; drawn with
``--labelled-seed``): ``train.txt`` lists those, ``train_unlabelled.txt`` the
others, which a semi-supervised config reads with
``AI4MarsDataset(ann_file=..., unlabeled=True)`` (their labels are never
read). Val and test are unchanged.

``--bake-masks DIR`` also writes a copy of every label map with the rover
and range masks applied (their pixels 255, as ``LoadAI4MarsAnnotations``
sets them) to ``DATA_ROOT/DIR``, e.g. ``labels/train-masked``: a config that
reads it (``data_prefix=dict(seg_map_path=DIR, rover_mask_path=None,
range_mask_path=None)``) loads one PNG per label instead of three, with
mmseg's stock ``LoadAnnotations`` if it likes (``benchmarks/
bench_data_loading.py``: as fast as stock loading). The original labels
are left as they are. Baked at 255, masked pixels look like unlabelled
terrain, so online pseudo labels may label them. ``--masked-value 254``
writes them as 254 instead, which ``LoadAI4MarsAnnotations(masked_index=254)``
reads back as 255 with the valid-pixel map of the masks (stock
``LoadAnnotations`` cannot read such maps: 254 is not ignored).
"""
import argparse
import os
import os.path as osp

import numpy as np
from mmengine.utils import track_iter_progress
from PIL import Image

from mars_mm.datasets import AI4MarsDataset
from mars_mm.datasets.ai4mars_dataset import RELEASE_DATA_PREFIX, sol_from_stem
from mars_mm.datasets.ai4mars_time_split import (labelled_stems, split_by_time,
                                                 summarize_split, write_split)
from mars_mm.datasets.transforms import LoadAI4MarsAnnotations


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Split AI4Mars by acquisition time')
    parser.add_argument('data_root', help='the msl/ folder of the release')
    parser.add_argument(
        '--out-dir', help='where to write the split files '
        '(default: DATA_ROOT/splits)')
    parser.add_argument(
        '--trainval-fraction',
        type=float,
        default=0.6,
        help='first fraction by time used for train + val (paper: 0.6)')
    parser.add_argument(
        '--val-fraction',
        type=float,
        default=0.1,
        help='fraction of train + val drawn at random for val')
    parser.add_argument('--seed', type=int, default=0, help='seed of val')
    parser.add_argument(
        '--labelled-fraction',
        type=float,
        default=1.0,
        help='fraction of the training images that keep their labels; the '
        'others are listed in train_unlabelled.txt')
    parser.add_argument(
        '--labelled-seed',
        type=int,
        default=0,
        help='seed of the labelled draw')
    parser.add_argument('--img-dir', default='images/edr')
    parser.add_argument('--label-dir', default='labels/train')
    parser.add_argument(
        '--bake-masks',
        metavar='DIR',
        help='also write the label maps with the rover and range masks '
        'applied (pixels 255) to DATA_ROOT/DIR, e.g. labels/train-masked')
    parser.add_argument(
        '--masked-value',
        type=int,
        default=255,
        help='with --bake-masks: the value of masked pixels; 254 keeps them '
        'apart from unlabelled terrain for LoadAI4MarsAnnotations('
        'masked_index=254)')
    parser.add_argument(
        '--no-summary',
        action='store_true',
        help='skip reading every label for the per-class pixel summary')
    return parser.parse_args()


def bake_masks(data_root: str,
               data_prefix: dict,
               out_label_dir: str,
               masked_value: int = 255) -> int:
    """Write every label map with its rover and range masks applied.

    The maps are those of ``AI4MarsDataset`` (every image of ``img_path``
    with a label in ``seg_map_path``), loaded by ``LoadAI4MarsAnnotations``
    (its checks included), so a baked map equals what that transform makes
    from the label and both masks; each is written as an 8-bit grayscale
    PNG of the label's name under ``data_root/out_label_dir``.

    Args:
        data_root (str): The ``msl`` folder of the release.
        data_prefix (dict): ``img_path``, ``seg_map_path``,
            ``rover_mask_path`` and ``range_mask_path`` under ``data_root``.
        out_label_dir (str): Output folder, under ``data_root``; not the
            label folder itself.
        masked_value (int): Value of the masked pixels: 255 (ignored, as
            unlabelled terrain) or a value of their own such as 254 (read by
            ``LoadAI4MarsAnnotations(masked_index=...)``). Defaults to 255.

    Returns:
        int: The number of label maps written.
    """
    num_classes = len(AI4MarsDataset.METAINFO['classes'])
    if not num_classes <= masked_value <= 255:
        raise ValueError(f'--masked-value {masked_value}: must be a byte '
                         f'that is no class label ({num_classes}-255)')
    out_dir = osp.join(data_root, out_label_dir)
    if osp.abspath(out_dir) == osp.abspath(
            osp.join(data_root, data_prefix['seg_map_path'])):
        raise ValueError(f'--bake-masks {out_label_dir} is the label folder: '
                         'the original labels must stay as they are')
    os.makedirs(out_dir, exist_ok=True)
    dataset = AI4MarsDataset(
        data_root=data_root, data_prefix=data_prefix, lazy_init=False)
    loader = LoadAI4MarsAnnotations()
    for info in track_iter_progress(
        [dataset.get_data_info(i) for i in range(len(dataset))]):
        # The image's size from its header: the label and masks must match.
        with Image.open(info['img_path']) as img:
            shape = (img.height, img.width)
        results = loader(dict(info, ori_shape=shape))
        baked = results['gt_seg_map']
        baked[results['gt_valid_mask'] == 0] = masked_value
        # Pillow's PNG (zlib level 6), as the release's labels: OpenCV's
        # default (level 1) files take twice as long to decode.
        Image.fromarray(baked, 'L').save(
            osp.join(out_dir, osp.basename(info['seg_map_path'])))
    return len(dataset)


def main() -> None:
    args = parse_args()
    stems = labelled_stems(args.data_root, args.img_dir, args.label_dir)
    splits = split_by_time(stems, args.trainval_fraction, args.val_fraction,
                           args.seed)
    trainval_sols = [sol_from_stem(s) for s in splits['train'] + splits['val']]
    test_sols = [sol_from_stem(s) for s in splits['test']]
    print(f'time split cut at sol {min(test_sols)}: train/val: sols '
          f'{min(trainval_sols)}-{max(trainval_sols)}; test: sols '
          f'{min(test_sols)}-{max(test_sols)} (no sol on both sides)')
    out_dir = args.out_dir or osp.join(args.data_root, 'splits')
    if not 0 < args.labelled_fraction <= 1:
        raise ValueError('--labelled-fraction must be in (0, 1], got '
                         f'{args.labelled_fraction}')
    train = splits['train']
    num_kept = max(1, int(round(args.labelled_fraction * len(train))))
    kept = set(
        np.random.default_rng(args.labelled_seed).permutation(
            len(train))[:num_kept])
    splits['train'] = [s for i, s in enumerate(train) if i in kept]
    unlabeled = [s for i, s in enumerate(train) if i not in kept]
    write_split(splits, out_dir)
    with open(osp.join(out_dir, 'train_unlabelled.txt'), 'w') as f:
        f.writelines(f'{stem}\n' for stem in unlabeled)
    print(f'{len(stems)} labelled images -> ' +
          ', '.join(f'{k}: {len(v)}' for k, v in splits.items()) +
          f' (+ {len(unlabeled)} training images without their labels); '
          f'split files in {out_dir}')
    data_prefix = dict(
        RELEASE_DATA_PREFIX,
        img_path=args.img_dir,
        seg_map_path=args.label_dir)
    if args.bake_masks:
        num = bake_masks(args.data_root, data_prefix, args.bake_masks,
                         args.masked_value)
        reader = '' if args.masked_value == 255 else (
            ' and LoadAI4MarsAnnotations(masked_index='
            f'{args.masked_value})')
        print(f'{num} label maps with the rover and range masks applied in '
              f'{osp.join(args.data_root, args.bake_masks)}: read them with '
              f"data_prefix.seg_map_path='{args.bake_masks}', "
              f'rover_mask_path=None, range_mask_path=None{reader}')
    if not args.no_summary:
        print(summarize_split(args.data_root, splits, data_prefix))


if __name__ == '__main__':
    main()
