"""Benchmark 4: AI4Mars loading vs mmseg's stock loading, in images/s.

Files: AI4Mars samples in the release's layout (that of
:mod:`mars_mm.utils.demo_data`) written to a temporary folder, each like a
Navcam frame: a 1024 x 1024 grayscale JPEG (terrain regions of four textures
with multi-scale noise, shaded rocks, sky above a wavy horizon when it is in
view, the rover at the bottom), a PNG label (the four classes by region;
255, about 40% of the pixels (AI4Mars: 45%), on far terrain, on the rover
and in unlabelled patches), a rover mask (deck and wheel, values 0/1) and a
range mask (beyond 30 m: the sky and the terrain down to some way below
the horizon).

- stock (= 1.00): mmseg's ``LoadImageFromFile`` + ``LoadAnnotations`` with
  their defaults, on the image and the label (no masks, no checks);
- ours (the target's row): ``LoadCheckedImageFromFile`` +
  ``LoadAI4MarsAnnotations`` with their defaults: image, label, rover mask
  and range mask, with their checks (truncation, sizes, label values).

The defaults differ in the PNG decoder (stock: pillow, ours: OpenCV), so
each loader is also shown with the other's.

Masks baked (issue 16): ``tools/dataset_converters/ai4mars_split.py
--bake-masks labels/train-masked`` writes a copy of the labels with both
masks applied; both loaders then read the image and that one label (mask
paths None), with the masks in effect:

- stock, masks baked (the second target's row): the stock loader, as a
  training pipeline may then use it;
- ours, masks baked: ours, with its checks;
- ours, masks baked as 254 (the third target's row): ``--masked-value 254``
  and ``LoadAI4MarsAnnotations(masked_index=254)``, which also rebuilds the
  valid-pixel map of the masks (the pseudo labels need it) from the label.

All read the data infos of :class:`AI4MarsDataset`. A call loads every
sample once; calls alternate between the loaders in rounds, after a warm-up
call each that also brings the files into the page cache, so the numbers
are decoding and checking, not disk. Targets: >= 0.9x stock, for ours with
the masks read at load time, for stock loading of labels baked at 255 and
for ours on labels baked at 254 (the masks and the valid-pixel map in
effect).

Run: ``python -m benchmarks.bench_data_loading [--quick]``.
"""
import os
import os.path as osp
import subprocess
import sys
import tempfile
from typing import Callable, List, Tuple

import cv2
import numpy as np
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope
from PIL import Image

from benchmarks.common import (Section, Target, cli, fmt_ratio, fmt_seconds,
                               markdown_table, measure_interleaved, settings)
from mars_mm.datasets import AI4MarsDataset
from mars_mm.datasets.ai4mars_dataset import RELEASE_DATA_PREFIX, mask_stem
from mars_mm.utils.demo_data import sol_to_sclk

OURS = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='LoadAI4MarsAnnotations')
]
STOCK = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')]
# name: (transforms, masks: 'read' at load time, 'none' or 'baked' into the
# labels). Beside the targets' rows: each loader with the other's PNG
# decoder, and ours on the baked labels.
STOCK_BAKED = 'stock, masks baked (ai4mars_split.py --bake-masks)'
OURS_BAKED_254 = ('ours, masks baked as 254 (--masked-value 254, '
                  'masked_index=254)')
LOADERS = {
    'stock': (STOCK, 'none'),
    'ours': (OURS, 'read'),
    "ours, imdecode_backend='pillow'":
    ([OURS[0], dict(OURS[1], imdecode_backend='pillow')], 'read'),
    "stock, imdecode_backend='cv2'":
    ([STOCK[0], dict(STOCK[1], imdecode_backend='cv2')], 'none'),
    STOCK_BAKED: (STOCK, 'baked'),
    'ours, masks baked (ai4mars_split.py --bake-masks)': (OURS, 'baked'),
    OURS_BAKED_254: ([OURS[0], dict(OURS[1], masked_index=254)],
                     'baked-254'),
}
FILES = {
    'read': 'image, label, both masks',
    'none': 'image, label',
    'baked': 'image, label with both masks baked in',
    'baked-254': 'image, label with both masks baked in as 254'
}
BAKED_DIRS = {'baked': 'labels/train-masked', 'baked-254': 'labels/train-254'}
SPLIT_TOOL = osp.join(
    osp.dirname(osp.dirname(osp.abspath(__file__))), 'tools',
    'dataset_converters', 'ai4mars_split.py')
IGNORE = 255


def _noise(size: int, rng: np.random.Generator,
           octaves: Tuple[Tuple[int, float], ...]) -> np.ndarray:
    """Sum of random grids of ``(cells, amplitude)`` upscaled to ``size``."""
    out = np.zeros((size, size), np.float32)
    for cells, amplitude in octaves:
        grid = rng.normal(0, 1, (cells, cells)).astype(np.float32)
        out += amplitude * cv2.resize(
            grid, (size, size), interpolation=cv2.INTER_CUBIC)
    return out


def navcam_sample(size: int, rng: np.random.Generator
                  ) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A Navcam-like frame with its label, rover mask and range mask.

    Args:
        size (int): Height and width.
        rng (np.random.Generator): Source of all randomness.

    Returns:
        tuple[np.ndarray, ...]: uint8 image, label (0-3, 255), rover mask
        and range mask (0/1), each (size, size).
    """
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    # Navcam often looks down: the horizon may lie above the frame.
    horizon = (rng.uniform(-0.1, 0.3) + 0.03 * np.sin(
        2 * np.pi * (rng.uniform(1, 3) * xx[0] + rng.uniform())))
    sky = yy < horizon[None]
    far = yy < horizon[None] + rng.uniform(0.05, 0.15)
    # Terrain regions: the nearest of a few random centres.
    centres = rng.uniform(0, 1, (8, 2)).astype(np.float32)
    classes = rng.integers(0, 4, len(centres))
    nearest = np.argmin((yy[None] - centres[:, 0, None, None])**2 +
                        (xx[None] - centres[:, 1, None, None])**2,
                        axis=0)
    label = classes[nearest].astype(np.uint8)
    textures = [
        110 + _noise(size, rng, ((8, 12), (64, 8), (512, 8))),  # soil
        160 + _noise(size, rng, ((16, 20), (128, 10))),  # bedrock
        140 + 25 * np.sin(60 * yy + 3 * np.sin(8 * xx)),  # sand ripples
        70 + _noise(size, rng, ((32, 25), (256, 8))),  # big rock
    ]
    img = np.choose(label, textures)
    # Shaded rocks: dark ellipses lit from one side.
    for _ in range(int(rng.integers(10, 30))):
        cy, cx = rng.uniform(0.3, 1), rng.uniform(0, 1)
        ry, rx = rng.uniform(0.005, 0.04, 2) * (0.3 + cy)
        rock = ((yy - cy) / ry)**2 + ((xx - cx) / rx)**2 < 1
        img[rock] = 60 + 80 * ((xx[rock] - cx) / rx + 1) / 2
        label[rock] = 3
    # Brightness falls off towards the horizon; gravel and sensor noise.
    img = img * (0.7 + 0.3 * yy) + rng.normal(0, 5, img.shape)
    img[sky] = 170 + 40 * yy[sky] + rng.normal(0, 2, int(sky.sum()))
    rover = np.zeros((size, size), np.uint8)
    edge = size * rng.uniform(0.82, 0.92)
    deck = [(0, size), (0, edge), (size * 0.3, edge - size * 0.02),
            (size * 0.55, edge + size * 0.03), (size, edge), (size, size)]
    cv2.fillPoly(rover, [np.int32(deck)], 1)
    cv2.ellipse(rover, (int(size * rng.uniform(0.6, 0.9)), size),
                (size // 10, size // 7), 0, 0, 360, 1, -1)
    img[rover == 1] = 40 + _noise(size, rng, ((64, 10), ))[rover == 1]
    # What annotators left unlabelled: far terrain, the rover, patches.
    label[far | (rover == 1)] = IGNORE
    for _ in range(int(rng.integers(2, 6))):
        y, x = rng.integers(0, size, 2)
        h, w = rng.integers(size // 16, size // 3, 2)
        label[y:y + h, x:x + w] = IGNORE
    image = np.clip(img, 0, 255).astype(np.uint8)
    return image, label, rover, far.astype(np.uint8)


def write_ai4mars(root: str, num: int, size: int, seed: int = 0) -> None:
    """Write ``num`` samples in the AI4Mars release layout under ``root``.

    Args:
        root (str): The ``msl`` folder of the release.
        num (int): Samples.
        size (int): Height and width.
        seed (int): Seed of the content. Defaults to 0.
    """
    rng = np.random.default_rng(seed)
    for sub in RELEASE_DATA_PREFIX.values():
        os.makedirs(osp.join(root, sub), exist_ok=True)
    for i in range(num):
        stem = f'NLA_{sol_to_sclk(100 + i):09d}EDR_F{i:07d}NCAM00000M1'
        image, label, rover, far = navcam_sample(size, rng)
        Image.fromarray(image, 'L').save(
            osp.join(root, 'images/edr', stem + '.JPG'), quality=90)
        for folder, name, array in (
            ('labels/train', stem, label),
            (RELEASE_DATA_PREFIX['rover_mask_path'],
             mask_stem(stem, 'rover_mask_path'), rover),
            (RELEASE_DATA_PREFIX['range_mask_path'],
             mask_stem(stem, 'range_mask_path'), far),
        ):
            Image.fromarray(array, 'L').save(
                osp.join(root, folder, name + '.png'))


def mean_kib(paths: List[str]) -> float:
    """Mean size of files, KiB."""
    return sum(osp.getsize(p) for p in paths) / len(paths) / 1024


def measure_loaders(num: int, size: int,
                    repeats: int) -> Tuple[dict, float, dict]:
    """Write the samples to a temporary folder and time every loader.

    Args:
        num (int): Samples.
        size (int): Their height and width.
        repeats (int): Timed rounds.

    Returns:
        tuple: The measurements by loader name, the share of unlabelled
        label pixels, and the mean file sizes (KiB) by path key.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = osp.join(tmp, 'msl')
        write_ai4mars(root, num, size)
        for masks, masked_value in (('baked', 255), ('baked-254', 254)):
            subprocess.run([
                sys.executable, SPLIT_TOOL, root, '--out-dir',
                osp.join(tmp, 'splits'), '--bake-masks', BAKED_DIRS[masks],
                '--masked-value',
                str(masked_value), '--no-summary'
            ],
                           check=True,
                           capture_output=True)
        with DefaultScope.overwrite_default_scope('mmseg'):
            dataset = AI4MarsDataset(data_root=root, lazy_init=False)
            infos = [dataset.get_data_info(i) for i in range(len(dataset))]
            pipelines = {
                name: Compose(transforms)
                for name, (transforms, _) in LOADERS.items()
            }
        unlabeled = np.mean([
            np.mean(np.array(Image.open(info['seg_map_path'])) == IGNORE)
            for info in infos
        ])
        sizes = {
            key: mean_kib([info[key] for info in infos])
            for key in ('img_path', 'seg_map_path', 'rover_mask_path',
                        'range_mask_path')
        }

        def load_all(pipeline: Compose, masks: str) -> Callable[[], None]:
            keys = {} if masks == 'read' else dict(
                rover_mask_path=None, range_mask_path=None)
            samples = [{**info, **keys} for info in infos]
            if masks in BAKED_DIRS:
                for sample in samples:
                    sample['seg_map_path'] = osp.join(
                        root, BAKED_DIRS[masks],
                        osp.basename(sample['seg_map_path']))

            def call() -> None:
                for sample in samples:
                    # Fresh result dicts: the loaders add keys and append
                    # to ``seg_fields``.
                    pipeline({**sample, 'seg_fields': []})

            return call

        res = measure_interleaved(
            {
                name: load_all(pipelines[name], masks)
                for name, (_, masks) in LOADERS.items()
            },
            repeats,
            memory=False)
    return res, unlabeled, sizes


def run(quick: bool = False) -> Section:
    """Run the benchmark.

    Args:
        quick (bool): Two small samples and one repeat (a smoke check).

    Returns:
        Section: Settings, table and target.
    """
    num, size, repeats = (2, 128, 1) if quick else (32, 1024, 7)
    # Single-threaded OpenCV, as mmengine's Runner sets it for training
    # (env_cfg.mp_cfg.opencv_num_threads=0).
    cv2_threads = cv2.getNumThreads()
    cv2.setNumThreads(0)
    try:
        res, unlabeled, sizes = measure_loaders(num, size, repeats)
    finally:
        cv2.setNumThreads(cv2_threads)
    speed = {name: num / m.median for name, m in res.items()}
    ratio = speed['ours'] / speed['stock']
    baked = speed[STOCK_BAKED] / speed['stock']
    baked_254 = speed[OURS_BAKED_254] / speed['stock']
    rows = [[
        name, ' + '.join(t['type'] for t in transforms), FILES[masks],
        f'{speed[name]:.1f}', f'{num / res[name].min:.1f}',
        fmt_seconds(res[name].median / num),
        fmt_ratio(speed[name], speed['stock'])
    ] for name, (transforms, masks) in LOADERS.items()]
    return Section(
        title='4. Data: AI4Mars loading vs mmseg stock loading',
        settings=settings(
            samples=f'{num} of {size}x{size}',
            files=('JPEG {img_path:.0f} KiB, label PNG {seg_map_path:.1f} '
                   'KiB, rover mask {rover_mask_path:.1f} KiB, range mask '
                   '{range_mask_path:.1f} KiB (means)').format(**sizes),
            unlabelled=f'{unlabeled:.0%} of label pixels',
            repeats=f'{repeats} interleaved rounds over all samples after '
            '1 warm-up round; one process, OpenCV single-threaded'),
        tables=[
            'Loading only (no augmentation), page cache warm.\n\n' +
            markdown_table([
                'loader', 'transforms', 'files', 'images/s (median)',
                'images/s (best)', 'per image', 'ratio'
            ], rows)
        ],
        targets=[
            Target('data: AI4Mars loading (image + label + both masks) vs '
                   'stock', fmt_ratio(ratio, 1), '>= 0.90x', ratio >= 0.9),
            Target('data: AI4Mars loading, masks baked by ai4mars_split.py '
                   '--bake-masks (stock loader) vs stock',
                   fmt_ratio(baked, 1), '>= 0.90x', baked >= 0.9),
            Target('data: AI4Mars loading, ours on labels baked as 254 '
                   '(masks and valid-pixel map in effect) vs stock',
                   fmt_ratio(baked_254, 1), '>= 0.90x', baked_254 >= 0.9)
        ])


if __name__ == '__main__':
    cli(run, __doc__)
