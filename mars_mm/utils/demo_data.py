"""Small, deterministic copies of the real MSL and AI4Mars layouts.

The tests read them, and so do the ``configs/demo`` commands of the README
(``make demo`` writes them; it trains on the real-image sets). File names,
formats and folder trees are those of the public releases (README, "Preparing
the real datasets"); only the sizes are small and the image content is
synthetic, made to depend on the label so that a model can learn something in
a few CPU minutes.
"""
import os
import os.path as osp
from typing import Dict, List, Tuple

import numpy as np
from PIL import Image

from mars_mm.datasets.ai4mars_dataset import (MSL_SOL0_SCLK, MSL_SOL_SECONDS,
                                              RELEASE_DATA_PREFIX, mask_stem)

# Raw ids and names of ``msl_synset_words-indexed.txt`` (release 1049137).
MSL_SYNSET = ('apxs', 'apxs cal target', 'chemcam cal target',
              'chemin inlet open', 'drill', 'drill holes', 'drt front',
              'drt side', 'ground', 'horizon', 'inlet', 'mahli',
              'mahli cal target', 'mastcam', 'mastcam cal target',
              'observation tray', 'portion box', 'portion tube',
              'portion tube opening', 'rems uv sensor', 'rover rear deck',
              'scoop', 'sun', 'turret', 'wheel')
MSL_EMPTY_RAW_ID = 22  # 'sun': listed in the synset, no image in any split.

_MSL_SPLIT_SOLS = {
    'train': (3, 564),
    'val': (3, 564),
    'test': (565, 1060)
}
_MSL_PER_CLASS = {'train': 6, 'val': 2, 'test': 3}
_MSL_INSTRUMENTS = ('ML', 'MR', 'MH')


def sol_to_sclk(sol: float) -> int:
    """Spacecraft clock (s) of a moment ``sol`` sols after landing."""
    return int(MSL_SOL0_SCLK + sol * MSL_SOL_SECONDS)


def _msl_image(raw_id: int, rng: np.random.Generator) -> np.ndarray:
    """An RGB image whose colour and shape are decided by the class."""
    size = int(rng.choice([64, 72, 80]))
    hue = raw_id / len(MSL_SYNSET)
    base = np.array([
        0.5 + 0.5 * np.cos(2 * np.pi * hue),
        0.5 + 0.5 * np.cos(2 * np.pi * (hue + 1 / 3)),
        0.5 + 0.5 * np.cos(2 * np.pi * (hue + 2 / 3))
    ]) * 200 + 30
    img = rng.normal(90, 12, (size, size, 3))
    yy, xx = np.mgrid[0:size, 0:size] / size
    cy, cx = rng.uniform(0.35, 0.65, 2)
    shape = raw_id % 4
    if shape == 0:
        region = (yy - cy)**2 + (xx - cx)**2 < 0.08
    elif shape == 1:
        region = (abs(yy - cy) < 0.25) & (abs(xx - cx) < 0.25)
    elif shape == 2:
        region = np.sin((xx + yy) * (6 + raw_id // 4) * np.pi) > 0
    else:
        region = (abs(yy - cy) < 0.08) | (abs(xx - cx) < 0.08)
    img[region] = base + rng.normal(0, 10, (int(region.sum()), 3))
    style = rng.random()
    if style < 0.15:  # single-channel images, as in the release
        img = img.mean(axis=2, keepdims=True).repeat(3, axis=2)
    elif style < 0.25:  # over-exposed frames
        img = img * 1.8 + 60
    return np.clip(img, 0, 255).astype(np.uint8)


def _write_jpeg(path: str, img: np.ndarray) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    mode = 'L' if img.ndim == 2 else 'RGB'
    Image.fromarray(img, mode).save(path, quality=90)


def _write_png(path: str, array: np.ndarray) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    Image.fromarray(array.astype(np.uint8), 'L').save(path)


def make_msl_demo(out_dir: str, seed: int = 0) -> str:
    """Write a small MSL surface dataset in the layout of ``msl-images/``.

    Args:
        out_dir (str): Folder in which ``msl-images/`` is written.
        seed (int): Seed of all random content.

    Returns:
        str: The dataset root (``<out_dir>/msl-images``).
    """
    rng = np.random.default_rng(seed)
    root = osp.join(out_dir, 'msl-images')
    os.makedirs(osp.join(root, 'calibrated'), exist_ok=True)
    with open(osp.join(root, 'msl_synset_words-indexed.txt'), 'w') as f:
        f.writelines(f'{i} {name}\n' for i, name in enumerate(MSL_SYNSET))
    with open(osp.join(root, 'README.txt'), 'w') as f:
        f.write('Synthetic demo copy of the MSL surface dataset layout.\n')
    serial = 0
    for split, per_class in _MSL_PER_CLASS.items():
        lines: List[str] = []
        low, high = _MSL_SPLIT_SOLS[split]
        for raw_id in range(len(MSL_SYNSET)):
            if raw_id == MSL_EMPTY_RAW_ID:
                continue
            for _ in range(per_class):
                serial += 1
                sol = int(rng.integers(low, high + 1))
                inst = _MSL_INSTRUMENTS[serial % 3]
                name = f'{sol:04d}{inst}{serial:016d}E01_DRCL.JPG'
                _write_jpeg(
                    osp.join(root, 'calibrated', name),
                    _msl_image(raw_id, rng))
                lines.append(f'calibrated/{name} {raw_id}\n')
        rng.shuffle(lines)  # the release's files are shuffled
        with open(osp.join(root, f'{split}-calibrated-shuffled.txt'),
                  'w') as f:
            f.writelines(lines)
    return root


def make_msl_unlabeled_demo(out_dir: str, seed: int = 0) -> str:
    """Write a folder tree of unlabelled rover images (jpg/png, any case).

    A text file sits among the images, as in real downloads; loaders must
    skip it.

    Args:
        out_dir (str): Folder in which ``msl-unlabeled/`` is written.
        seed (int): Seed of all random content.

    Returns:
        str: The folder (``<out_dir>/msl-unlabeled``).
    """
    rng = np.random.default_rng(seed + 1)
    root = osp.join(out_dir, 'msl-unlabeled')
    suffixes = ('.jpg', '.JPG', '.jpeg', '.png')
    for i in range(48):
        raw_id = int(rng.choice(
            [r for r in range(len(MSL_SYNSET)) if r != MSL_EMPTY_RAW_ID]))
        sol = int(rng.integers(3, 1060))
        suffix = suffixes[i % len(suffixes)]
        path = osp.join(root, f'sol{sol:05d}', f'{sol:04d}MR{i:016d}E01'
                        f'_DRCL{suffix}')
        img = _msl_image(raw_id, rng)
        if suffix == '.png':
            os.makedirs(osp.dirname(path), exist_ok=True)
            Image.fromarray(img, 'RGB').save(path)
        else:
            _write_jpeg(path, img)
    with open(osp.join(root, 'LABEL.TXT'), 'w') as f:
        f.write('PDS label file: not an image.\n')
    return root


# Texture of each AI4Mars class (0 soil, 1 bedrock, 2 sand, 3 big rock).
def _terrain_texture(label: int, shape: Tuple[int, int],
                     rng: np.random.Generator) -> np.ndarray:
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    if label == 0:  # soil: fine noise around mid grey
        tex = 110 + rng.normal(0, 8, shape)
    elif label == 1:  # bedrock: bright, with dark cracks
        tex = 170 + rng.normal(0, 5, shape)
        tex[(np.sin(xx * 0.9 + yy * 0.3) > 0.92)] = 80
    elif label == 2:  # sand: smooth ripples
        tex = 140 + 30 * np.sin(yy * 0.8 + np.sin(xx * 0.2))
    else:  # big rock: dark with a shaded edge
        tex = 50 + 0.6 * xx + rng.normal(0, 4, shape)
    return tex


def _ai4mars_sample(size: int, rng: np.random.Generator
                    ) -> Tuple[np.ndarray, np.ndarray]:
    """An image and its terrain label map (regions from random centres)."""
    num_regions = int(rng.integers(3, 6))
    centres = rng.uniform(0, size, (num_regions, 2))
    labels = rng.integers(0, 4, num_regions)
    labels[:4 if num_regions >= 4 else num_regions] = rng.permutation(4)[
        :min(4, num_regions)]
    yy, xx = np.mgrid[0:size, 0:size]
    dist = ((yy[None] - centres[:, 0, None, None])**2 +
            (xx[None] - centres[:, 1, None, None])**2)
    region = dist.argmin(axis=0)
    label_map = labels[region].astype(np.uint8)
    img = np.zeros((size, size))
    for c in range(4):
        tex = _terrain_texture(c, (size, size), rng)
        img[label_map == c] = tex[label_map == c]
    return np.clip(img, 0, 255).astype(np.uint8), label_map


def make_ai4mars_demo(out_dir: str, seed: int = 0) -> str:
    """Write a small AI4Mars (release 0.1, MSL) tree.

    Labelled images span sols 1-2579, so that a split by time is meaningful;
    some images have no label (for the semi-supervised stream); the latest
    images also have expert ("gold") test labels in the three agreement
    folders. Rover and range masks mark the bottom and top of each frame.

    Args:
        out_dir (str): Folder in which ``ai4mars-dataset-merged-0.1/`` is
            written.
        seed (int): Seed of all random content.

    Returns:
        str: The MSL root (``<out_dir>/ai4mars-dataset-merged-0.1/msl``).
    """
    rng = np.random.default_rng(seed + 2)
    root = osp.join(out_dir, 'ai4mars-dataset-merged-0.1', 'msl')
    size = 96
    num_labelled, num_unlabeled, num_gold = 60, 16, 8
    total = num_labelled + num_unlabeled
    sols = np.sort(rng.uniform(1, 2579, total))
    unlabeled = set(rng.choice(total, num_unlabeled, replace=False))
    labelled = [i for i in range(total) if i not in unlabeled]
    gold = set(labelled[-num_gold:])
    for i, sol in enumerate(sols):
        sclk = sol_to_sclk(float(sol))
        camera = 'NLA' if i % 2 else 'NRA'
        stem = f'{camera}_{sclk:09d}EDR_F{i:07d}AUT_04096M1'
        img, label_map = _ai4mars_sample(size, rng)
        _write_jpeg(osp.join(root, 'images', 'edr', stem + '.JPG'), img)
        rover = np.zeros((size, size), np.uint8)
        rover[-int(rng.integers(4, 16)):, :] = 1
        far = np.zeros((size, size), np.uint8)
        far[:int(rng.integers(4, 16)), :] = 1
        for key, mask in (('rover_mask_path', rover), ('range_mask_path',
                                                       far)):
            _write_png(
                osp.join(root, RELEASE_DATA_PREFIX[key],
                         mask_stem(stem, key) + '.png'), mask)
        if i in unlabeled:
            continue
        # Annotators leave some terrain unlabelled.
        crowd = label_map.copy()
        y, x = rng.integers(0, size - 24, 2)
        crowd[y:y + 24, x:x + 24] = 255
        _write_png(osp.join(root, 'labels', 'train', stem + '.png'), crowd)
        if i in gold:
            for agree in (1, 2, 3):
                gold_map = label_map.copy()
                # Fewer pixels reach agreement as more annotators must agree.
                gold_map[:, :agree * 8] = 255
                _write_png(
                    osp.join(root, 'labels', 'test',
                             f'masked-gold-min{agree}-100agree',
                             stem + '_merged.png'), gold_map)
    return root


def make_demo_data(out_dir: str, seed: int = 0) -> Dict[str, str]:
    """Write every demo dataset under ``out_dir``.

    Args:
        out_dir (str): Output folder.
        seed (int): Seed; the same seed writes the same bytes.

    Returns:
        dict: Roots keyed ``msl``, ``msl_unlabeled`` and ``ai4mars``.
    """
    return dict(
        msl=make_msl_demo(out_dir, seed),
        msl_unlabeled=make_msl_unlabeled_demo(out_dir, seed),
        ai4mars=make_ai4mars_demo(out_dir, seed))
