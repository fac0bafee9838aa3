"""Chronological train/val/test split of AI4Mars (paper Sec. 6.2)."""
import os
import os.path as osp
from typing import Dict, List, Tuple

import numpy as np
from mmengine.utils import track_iter_progress
from PIL import Image
from prettytable import PrettyTable

from .ai4mars_dataset import (MASK_TAGS, AI4MarsDataset, mask_stem,
                              sol_from_stem)
from .transforms import LoadAI4MarsAnnotations

SPLITS = ('train', 'val', 'test')


def labelled_stems(data_root: str,
                   img_dir: str = 'images/edr',
                   label_dir: str = 'labels/train',
                   img_suffix: str = '.JPG',
                   label_suffix: str = '.png') -> List[str]:
    """Stems of the images that have a label file, in name order.

    Args:
        data_root (str): The MSL folder of the release.
        img_dir (str): Image folder relative to ``data_root``.
        label_dir (str): Label folder relative to ``data_root``.
        img_suffix (str): Image suffix.
        label_suffix (str): Label suffix after the stem.

    Returns:
        list[str]: Sorted stems.
    """
    images = osp.join(data_root, img_dir)
    labels = osp.join(data_root, label_dir)
    for folder in (images, labels):
        if not osp.isdir(folder):
            raise FileNotFoundError(f'{folder}: folder not found')
    have_label = {
        name[:-len(label_suffix)]
        for name in os.listdir(labels) if name.endswith(label_suffix)
    }
    return sorted(name[:-len(img_suffix)] for name in os.listdir(images)
                  if name.endswith(img_suffix)
                  and name[:-len(img_suffix)] in have_label)


def time_cut(stems: List[str], trainval_fraction: float) -> Tuple[int, int]:
    """Where the chronological split cuts: at a sol boundary.

    Images are ordered by sol; a cut by image count alone could split the
    images of one sol (a scene shot several times that day) between train/val
    and test. The sol whose images pass ``trainval_fraction`` of all images
    goes wholly to one side: to train/val when at least half of its images
    lie before the fraction, to test otherwise (the boundary nearer the
    fraction). A cut that would leave a side empty takes the sol's other
    boundary.

    Args:
        stems (list[str]): Image stems ordered by ``(sol, stem)``.
        trainval_fraction (float): Fraction, by time, for train + val.

    Returns:
        tuple[int, int]: The number of images before the cut (train + val)
        and the cut sol, the first sol of the test side.
    """
    sols = [sol_from_stem(stem) for stem in stems]
    if len(set(sols)) < 2:
        raise ValueError('a split by time needs images of at least two '
                         f'sols, got sols {sorted(set(sols))}')
    target = int(round(len(sols) * trainval_fraction))
    target = min(max(target, 1), len(sols) - 1)
    if sols[target - 1] != sols[target]:
        return target, sols[target]
    # The sol that straddles the fraction spans [start, end).
    start = sols.index(sols[target])
    end = len(sols) - sols[::-1].index(sols[target])
    cut = end if target - start >= end - target else start
    if cut in (0, len(sols)):
        cut = start if cut == len(sols) else end
    return cut, sols[cut]


def split_by_time(stems: List[str],
                  trainval_fraction: float = 0.6,
                  val_fraction: float = 0.1,
                  seed: int = 0) -> Dict[str, List[str]]:
    """Order images by sol: the first part is train/val, the rest test.

    The paper takes the first 60% by acquisition time for training and
    validation and the last 40% for test; the cut lies at a sol boundary
    (:func:`time_cut`), so no sol has images on both sides. Validation is a
    seeded random subset of the first part; the result does not depend on
    the order of ``stems``.

    Args:
        stems (list[str]): Image stems (their names carry the SCLK).
        trainval_fraction (float): Fraction, by time, for train + val.
        val_fraction (float): Fraction of train + val kept for val.
        seed (int): Seed of the val draw.

    Returns:
        dict: ``train``, ``val`` and ``test`` lists of stems, each sorted.
    """
    if not 0 < trainval_fraction < 1 or not 0 <= val_fraction < 1:
        raise ValueError('trainval_fraction must be in (0, 1) and '
                         'val_fraction in [0, 1)')
    ordered = sorted(stems, key=lambda stem: (sol_from_stem(stem), stem))
    num_trainval, _ = time_cut(ordered, trainval_fraction)
    trainval, test = ordered[:num_trainval], ordered[num_trainval:]
    num_val = int(round(len(trainval) * val_fraction))
    val_idx = set(
        np.random.default_rng(seed).permutation(len(trainval))[:num_val])
    return dict(
        train=sorted(s for i, s in enumerate(trainval) if i not in val_idx),
        val=sorted(s for i, s in enumerate(trainval) if i in val_idx),
        test=sorted(test))


def write_split(splits: Dict[str, List[str]], out_dir: str) -> None:
    """Write ``<out_dir>/{train,val,test}.txt``, one stem per line."""
    os.makedirs(out_dir, exist_ok=True)
    for name in SPLITS:
        with open(osp.join(out_dir, f'{name}.txt'), 'w') as f:
            f.writelines(f'{stem}\n' for stem in splits[name])


def summarize_split(data_root: str,
                    splits: Dict[str, List[str]],
                    data_prefix: dict,
                    label_suffix: str = '.png',
                    mask_suffix: str = '.png') -> PrettyTable:
    """Images, sol range and pixel share of each class per split (Table 2).

    Labels are read as training reads them (rover and range masks applied);
    the shares are of all pixels, the rest being unlabelled.

    Args:
        data_root (str): The MSL folder of the release.
        splits (dict): ``split_by_time``'s result.
        data_prefix (dict): Folders as in :class:`AI4MarsDataset`.
        label_suffix (str): Label suffix after the stem, as in
            :func:`labelled_stems`. Defaults to '.png'.
        mask_suffix (str): Suffix of the mask files. Defaults to '.png'.

    Returns:
        PrettyTable: One row per split.
    """
    classes = AI4MarsDataset.METAINFO['classes']
    loader = LoadAI4MarsAnnotations()
    table = PrettyTable(['split', 'images', 'sols'] +
                        [f'{c} %' for c in classes] + ['unlabelled %'])
    folders = {
        key: osp.join(data_root, value)
        for key, value in data_prefix.items() if value
    }
    for name in SPLITS:
        stems = splits[name]
        counts = np.zeros(256, dtype=np.int64)
        for stem in track_iter_progress(stems) if stems else []:
            label = osp.join(folders['seg_map_path'], stem + label_suffix)
            with Image.open(label) as png:
                shape = (png.height, png.width)
            results = dict(
                seg_map_path=label, ori_shape=shape, seg_fields=[])
            for key in MASK_TAGS:
                if key in folders:
                    results[key] = osp.join(folders[key],
                                            mask_stem(stem, key) + mask_suffix)
            gt = loader(results)['gt_seg_map']
            counts += np.bincount(gt.ravel(), minlength=256)
        total = max(int(counts.sum()), 1)
        sols = [sol_from_stem(s) for s in stems]
        sol_range = f'{min(sols)}-{max(sols)}' if sols else '-'
        shares = [
            f'{100 * counts[c] / total:.2f}' for c in range(len(classes))
        ]
        table.add_row([name, len(stems), sol_range] + shares +
                      [f'{100 * counts[255] / total:.2f}'])
    return table
