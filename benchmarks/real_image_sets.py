"""Small sets of real images in our two dataset layouts.

Demo data written by our own generator cannot show that a method works; these
sets are made of real images that ship inside installable packages, put into
the release layouts the datasets read (README, "Preparing the real datasets"):

- **digits** (MSL surface layout, 10 classes): scikit-learn's bundled
  handwritten digits (1,797 scans, 8x8 pixels, UCI "optdigits"), upsampled
  to 64 px grey JPEGs (the CPU demo's image size). Images are ordered as
  scikit-learn ships them and the
  first 60% get the train/val sols (3-564), the last 40% the test sols
  (565-1060), so that, as in the MSL release, test images come later and
  from a different part of the collection.
- **textures** (AI4Mars layout, the 4 terrain classes): scikit-image's
  bundled photographs of gravel (soil), brick (bedrock), grass (sand) and
  the lunar surface (big rock). Each 96 px image is a Voronoi mosaic of 3-6
  cells, each cell cut from one texture at a random scale and offset;
  train/val images cut from the top 60% of every photograph, test images
  from the bottom 40%, so that test terrain is never seen. Each photograph
  is standardised to one mean and spread (brightness alone gives no class),
  and each image gets its own gain and offset. As in AI4Mars, about 45% of
  the pixels have no label: a band along every cell border and whole cells.
  Rover and range masks are empty.

Both sets are written whole; ``tools/dataset_converters/ai4mars_split.py``
and ``tools/dataset_converters/msl_labelled_subset.py`` then split them as
they split the real releases, labelled fraction included.
"""
import argparse
import os
import os.path as osp
from typing import Dict, List, Tuple

import numpy as np
from PIL import Image
from scipy import ndimage

from mars_mm.datasets.ai4mars_dataset import (MASK_TAGS, MSL_SOL0_SCLK,
                                              MSL_SOL_SECONDS,
                                              RELEASE_DATA_PREFIX, mask_stem)

DIGITS_SIZE = 64
DIGITS_TRAINVAL_FRACTION = 0.6
# Photograph of each AI4Mars class, in label order.
TEXTURES = ('gravel', 'brick', 'grass', 'moon')
TEXTURE_SIZE = 96
TEXTURES_TRAINVAL_IMAGES = 150
TEXTURES_TEST_IMAGES = 100
# Rows of each photograph that train/val images are cut from.
TEXTURE_TRAIN_ROWS = 0.6
UNLABELLED_BORDER = 3  # half-width (px) of the unlabelled band on borders
UNLABELLED_CELL_PROB = 0.25


def _save(path: str, array: np.ndarray, **kwargs) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    Image.fromarray(array.astype(np.uint8), 'L').save(path, **kwargs)


def write_digits(out_dir: str, seed: int = 0) -> str:
    """Write scikit-learn's digits in the MSL surface layout.

    Args:
        out_dir (str): Folder in which ``digits-msl/`` is written.
        seed (int): Seed of the release-style train/val division (the
            benchmark re-splits train+val with ``reshuffle_seed`` anyway).

    Returns:
        str: The dataset root.
    """
    from sklearn.datasets import load_digits
    digits = load_digits()
    root = osp.join(out_dir, 'digits-msl')
    with open(osp.join(_mkdir(root), 'msl_synset_words-indexed.txt'),
              'w') as f:
        f.writelines(f'{i} digit {i}\n' for i in range(10))
    rng = np.random.default_rng(seed)
    num = len(digits.images)
    num_trainval = int(round(num * DIGITS_TRAINVAL_FRACTION))
    lines: Dict[str, List[str]] = dict(train=[], val=[], test=[])
    for i, (image, label) in enumerate(zip(digits.images, digits.target)):
        if i < num_trainval:
            sol = 3 + i * (564 - 3) // num_trainval
            split = 'val' if rng.random() < 0.3 else 'train'
        else:
            sol = 565 + (i - num_trainval) * (1060 - 565) // (num -
                                                              num_trainval)
            split = 'test'
        name = f'{sol:04d}ML{i:016d}E01_DRCL.JPG'
        scan = Image.fromarray((image * (255 / 16)).astype(np.uint8), 'L')
        path = osp.join(root, 'calibrated', name)
        os.makedirs(osp.dirname(path), exist_ok=True)
        scan.resize((DIGITS_SIZE, DIGITS_SIZE),
                    Image.BICUBIC).save(path, quality=95)
        lines[split].append(f'calibrated/{name} {label}\n')
    for split, split_lines in lines.items():
        with open(osp.join(root, f'{split}-calibrated-shuffled.txt'),
                  'w') as f:
            f.writelines(split_lines)
    return root


def _mkdir(path: str) -> str:
    os.makedirs(path, exist_ok=True)
    return path


def _standardised_textures() -> List[np.ndarray]:
    """The four photographs, grey, each scaled to mean 128 and std 40."""
    from skimage import data
    from skimage.color import rgb2gray
    textures = []
    for name in TEXTURES:
        image = getattr(data, name)().astype(np.float64)
        if image.ndim == 3:
            image = rgb2gray(image) * 255
        textures.append((image - image.mean()) / image.std() * 40 + 128)
    return textures


def _mosaic(textures: List[np.ndarray], rows: Tuple[float, float],
            rng: np.random.Generator) -> Tuple[np.ndarray, np.ndarray]:
    """One Voronoi mosaic of texture cuts and its label map.

    Args:
        textures (list[np.ndarray]): The photographs, in label order.
        rows (tuple[float, float]): Fraction of each photograph's rows that
            cuts may come from.
        rng (np.random.Generator): Random numbers.

    Returns:
        tuple[np.ndarray, np.ndarray]: The uint8 image and label map (255
        where unlabelled), both ``(TEXTURE_SIZE, TEXTURE_SIZE)``.
    """
    size = TEXTURE_SIZE
    num_cells = int(rng.integers(3, 7))
    seeds = rng.uniform(0, size, (num_cells, 2))
    yy, xx = np.mgrid[:size, :size]
    dist = np.stack([(yy - y)**2 + (xx - x)**2 for y, x in seeds])
    cell = dist.argmin(axis=0)
    classes = rng.integers(0, len(textures), num_cells)
    image = np.zeros((size, size))
    for c in range(num_cells):
        texture = textures[classes[c]]
        scale = rng.uniform(0.6, 1.0)
        zoomed = ndimage.zoom(texture, scale, order=1)
        top = int(rows[0] * zoomed.shape[0])
        bottom = int(rows[1] * zoomed.shape[0]) - size
        y0 = int(rng.integers(top, bottom + 1))
        x0 = int(rng.integers(0, zoomed.shape[1] - size + 1))
        cut = zoomed[y0:y0 + size, x0:x0 + size]
        image[cell == c] = cut[cell == c]
    image = (image - 128) * rng.uniform(0.7, 1.3) + 128 + rng.uniform(-30, 30)
    label = classes[cell].astype(np.uint8)
    border = (ndimage.grey_dilation(cell, size=2 * UNLABELLED_BORDER + 1) !=
              ndimage.grey_erosion(cell, size=2 * UNLABELLED_BORDER + 1))
    hidden = rng.random(num_cells) < UNLABELLED_CELL_PROB
    label[border | hidden[cell]] = 255
    return np.clip(image, 0, 255), label


def write_textures(out_dir: str, seed: int = 0) -> str:
    """Write texture mosaics in the AI4Mars (MSL, release 0.1) layout.

    The first 60% of images by sol are cut from the train rows of the
    photographs, the rest from the test rows: a split by time
    (``ai4mars_split.py``, 60% train/val) separates them.

    Args:
        out_dir (str): Folder in which ``textures-ai4mars/msl`` is written.
        seed (int): Seed of all random choices.

    Returns:
        str: The ``msl`` folder (the data root of the AI4Mars configs).
    """
    rng = np.random.default_rng(seed)
    root = osp.join(out_dir, 'textures-ai4mars', 'msl')
    textures = _standardised_textures()
    total = TEXTURES_TRAINVAL_IMAGES + TEXTURES_TEST_IMAGES
    sols = np.linspace(1, 2579, total)
    empty = np.zeros((TEXTURE_SIZE, TEXTURE_SIZE), dtype=np.uint8)
    for i, sol in enumerate(sols):
        rows = ((0, TEXTURE_TRAIN_ROWS) if i < TEXTURES_TRAINVAL_IMAGES else
                (TEXTURE_TRAIN_ROWS, 1))
        image, label = _mosaic(textures, rows, rng)
        sclk = int(MSL_SOL0_SCLK + sol * MSL_SOL_SECONDS)
        stem = f'NLA_{sclk:09d}EDR_F{i:07d}AUT_04096M1'
        _save(osp.join(root, 'images', 'edr', stem + '.JPG'), image,
              quality=95)
        _save(osp.join(root, 'labels', 'train', stem + '.png'), label)
        for key in MASK_TAGS:
            _save(
                osp.join(root, RELEASE_DATA_PREFIX[key],
                         mask_stem(stem, key) + '.png'), empty)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(
        description='Write the real-image sets of the label-efficiency '
        'benchmark in the MSL and AI4Mars layouts')
    parser.add_argument('out_dir')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    print(write_digits(args.out_dir, args.seed))
    print(write_textures(args.out_dir, args.seed))


if __name__ == '__main__':
    main()
