"""Run a trained model on new rover images.

    python tools/infer.py CONFIG CHECKPOINT INPUT [--out-dir DIR]
        [--batch-size N] [--scaling bits|percentile] [--bit-depth B]

INPUT is an image, a folder (searched recursively) or a text file with one
image path per line (relative paths are relative to the text file). Images
are JPEG/PNG, TIFF (read with ``tifffile``) and NASA PDS products (PDS3
``.IMG`` with an attached or detached ``.LBL`` label, PDS4 ``.xml`` labels:
read with ``pdr``); TIFF and PDS samples of more than 8 bits are scaled to
8-bit by ``--scaling`` (``bits``: shifted right by bit depth - 8, the bit
depth from ``--bit-depth``, a PDS3 ``SAMPLE_BIT_MASK``, else the sample
type; ``percentile``: a 0.5-99.5% stretch per image). A single file is an
image when its suffix is one of those; otherwise it must be a text list,
and a file that is not text is an error naming it.

The config's ``default_scope`` picks the task:

- classification (mmpretrain): ``predictions.csv`` / ``predictions.json``
  with the class and score of each image;
- segmentation (mmseg): per image a label PNG (class ids, 255 where the
  rover or range mask of an AI4Mars tree covers the pixel) and a colour
  overlay, plus a CSV/JSON summary of the class shares of each image.
  ``labels/`` and ``overlays/`` mirror the input tree (the path of each image
  relative to the input folder; for a list, the file name while names are
  unique, else the path relative to the deepest folder holding all listed
  images), so same-named images of different folders keep their outputs.

Unreadable files are reported and skipped. The stock inferencers
(``MMSegInferencer``, ``ImageClassificationInferencer``) do the work.
"""
import argparse
import csv
import functools
import json
import os
import os.path as osp
from typing import Iterator, List, Optional, Tuple

import mmcv
import numpy as np
from mmengine.config import Config
from mmengine.utils import ProgressBar

# Importing mars_mm registers its components and the mmseg:: config alias.
from mars_mm.datasets.ai4mars_dataset import (MASK_TAGS, RELEASE_DATA_PREFIX,
                                              mask_stem)
from mars_mm.datasets.pds import SCALINGS, is_pds_product, scale_to_uint8
from mars_mm.datasets.transforms import (CorruptImageError,
                                         LoadAI4MarsAnnotations,
                                         LoadPDSImageFromFile)
from mars_mm.datasets.unlabeled_image_dataset import (IMAGE_SUFFIXES,
                                                      list_image_files)

TIFF_SUFFIXES = ('.tif', '.tiff')
# A single INPUT file with one of these suffixes is an image, not a list.
SINGLE_IMAGE_SUFFIXES = IMAGE_SUFFIXES + TIFF_SUFFIXES + ('.img', '.lbl')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Predict on new images')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('input', help='image, folder or text list of images')
    parser.add_argument('--out-dir', default='work_dirs/infer')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--device', default=None, help='e.g. cpu, cuda:0')
    parser.add_argument(
        '--scaling', choices=SCALINGS, default='bits',
        help='TIFF/PDS samples to 8 bits: by bit depth (default) or a '
        'per-image percentile stretch')
    parser.add_argument(
        '--bit-depth', type=int, default=None,
        help='significant bits of TIFF/PDS samples (e.g. 12); default: '
        'the PDS label, else the sample type')
    return parser.parse_args()


def list_inputs(source: str) -> List[str]:
    """Image paths of an image, a folder tree or a text list."""
    if osp.isdir(source):
        paths = []
        for folder, _, names in os.walk(source):
            paths += list_image_files(names, folder)
            paths += [
                osp.join(folder, n) for n in names
                if n.lower().endswith(TIFF_SUFFIXES)
            ]
        return sorted(paths)
    if not osp.isfile(source):
        raise FileNotFoundError(f'{source}: no such image, folder or list')
    if source.lower().endswith(SINGLE_IMAGE_SUFFIXES) or (
            source.lower().endswith('.xml') and is_pds_product(source)):
        return [source]
    try:
        with open(source, encoding='utf-8') as f:
            lines = [line.strip() for line in f if line.strip()]
    except UnicodeDecodeError:
        raise SystemExit(
            f'{source}: neither an image ({", ".join(SINGLE_IMAGE_SUFFIXES)}'
            f', PDS4 .xml) nor a text list of image paths (not UTF-8 text)'
        ) from None
    base = osp.dirname(source)
    return [
        line if osp.isabs(line) else osp.join(base, line) for line in lines
    ]


def output_names(paths: List[str], source: str) -> dict:
    """Each image's output path without suffix, mirroring the input tree.

    For a folder, the path relative to it. For a list, the file name alone
    while names are unique, else the path relative to the deepest folder
    holding all listed images; so ``a/x.jpg`` and ``b/x.jpg`` never
    overwrite each other's outputs.
    """
    stems = [osp.splitext(osp.basename(p))[0] for p in paths]
    if not osp.isdir(source) and len(set(stems)) == len(stems):
        return dict(zip(paths, stems))
    root = source if osp.isdir(source) else osp.commonpath(
        [osp.dirname(osp.abspath(p)) for p in paths])
    return {
        path: osp.splitext(osp.relpath(osp.abspath(path),
                                       osp.abspath(root)))[0]
        for path in paths
    }


# The masks as the datasets read them: built once, used for every image.
MASK_LOADER = LoadAI4MarsAnnotations()


@functools.lru_cache()
def _image_loader(scaling: str,
                  bit_depth: Optional[int]) -> LoadPDSImageFromFile:
    """The training pipelines' loader, built once per setting."""
    return LoadPDSImageFromFile(
        scaling=scaling, bit_depth=bit_depth, ignore_empty=True)


def read_image(path: str,
               scaling: str = 'bits',
               bit_depth: Optional[int] = None) -> Optional[np.ndarray]:
    """The image as 8-bit BGR, or None when it cannot be read.

    PDS products, JPEG and PNG go through the loader of the training
    pipelines (``LoadPDSImageFromFile``: the same checks and scaling), TIFF
    through :func:`read_tiff`.
    """
    try:
        if path.lower().endswith(TIFF_SUFFIXES):
            return read_tiff(path, scaling, bit_depth)
        results = _image_loader(scaling, bit_depth)(dict(img_path=path))
        return None if results is None else results['img']
    except (OSError, ValueError):
        return None


def read_tiff(path: str, scaling: str,
              bit_depth: Optional[int]) -> np.ndarray:
    """A TIFF (first page) as 8-bit BGR: grey, RGB or RGBA, 8 or 16 bit."""
    import tifffile
    image = tifffile.imread(path, key=0)
    if image.ndim == 3 and image.shape[0] <= 4 < image.shape[-1]:
        image = image.transpose(1, 2, 0)  # planar (C, H, W)
    image = scale_to_uint8(image, scaling, bit_depth)
    if image.ndim == 2:
        return np.repeat(image[..., None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] < 3:
        raise ValueError(f'{path}: unsupported TIFF shape {image.shape}')
    return np.ascontiguousarray(image[..., 2::-1])  # RGB -> BGR


def ai4mars_masks(path: str) -> dict:
    """Rover and range masks beside an AI4Mars ``images/edr`` image.

    Returns:
        dict: The ``data_prefix`` key of each mask that exists
        (``rover_mask_path``, ``range_mask_path``) and its file.
    """
    folder, name = osp.split(path)
    if osp.basename(folder) != 'edr':
        return {}
    stem = osp.splitext(name)[0]
    # The release's folders are siblings under images/.
    images = osp.dirname(folder)
    candidates = {
        key: osp.join(images, osp.basename(RELEASE_DATA_PREFIX[key]),
                      mask_stem(stem, key) + '.png')
        for key in MASK_TAGS
    }
    return {key: c for key, c in candidates.items() if osp.isfile(c)}


def masked_pixels(path: str, shape: Tuple[int, int]) -> Optional[np.ndarray]:
    """Where the rover or range mask of an AI4Mars image covers it.

    The masks are read as the datasets read them (``LoadAI4MarsAnnotations``:
    the same checks of size and format).

    Returns:
        np.ndarray, optional: True where a mask covers the pixel; None
        without masks, or with a mask that cannot be used (reported).
    """
    masks = ai4mars_masks(path)
    if not masks:
        return None
    try:
        results = MASK_LOADER(dict(ori_shape=shape, **masks))
    except (OSError, ValueError, CorruptImageError) as error:
        print(f'\nmasks not applied: {error}')
        return None
    return results['gt_valid_mask'] == 0


def readable_batches(paths: List[str], batch_size: int,
                     unreadable: List[str], scaling: str = 'bits',
                     bit_depth: Optional[int] = None
                     ) -> Iterator[List[Tuple[str, np.ndarray]]]:
    """Batches of (path, image); unreadable paths go to ``unreadable``."""
    bar = ProgressBar(len(paths))
    for start in range(0, len(paths), batch_size):
        batch = []
        for path in paths[start:start + batch_size]:
            img = read_image(path, scaling, bit_depth)
            if img is None:
                print(f'\nskipped unreadable file: {path}')
                unreadable.append(path)
            else:
                batch.append((path, img))
            bar.update()
        if batch:
            yield batch


def write_outputs(out_dir: str, rows: List[dict]) -> Tuple[str, str]:
    csv_path = osp.join(out_dir, 'predictions.csv')
    with open(csv_path, 'w', newline='') as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    json_path = osp.join(out_dir, 'predictions.json')
    with open(json_path, 'w') as f:
        json.dump(rows, f, indent=2)
    return csv_path, json_path


def classify(args, batches: Iterator) -> List[dict]:
    """Class and score of each image (mmpretrain's inferencer)."""
    from mmpretrain import ImageClassificationInferencer
    inferencer = ImageClassificationInferencer(
        args.config, pretrained=args.checkpoint, device=args.device)
    rows = []
    for batch in batches:
        preds = inferencer([img for _, img in batch],
                           batch_size=args.batch_size)
        for (path, _), pred in zip(batch, preds):
            rows.append(
                dict(
                    image=path,
                    label=int(pred['pred_label']),
                    class_name=pred['pred_class'],
                    score=round(float(pred['pred_score']), 6)))
    return rows


def segment(args, batches: Iterator, names: dict) -> List[dict]:
    """Label PNG, overlay and class shares of each image (mmseg)."""
    from mmseg.apis import MMSegInferencer
    inferencer = MMSegInferencer(
        args.config, weights=args.checkpoint, device=args.device)
    classes = inferencer.model.dataset_meta['classes']
    palette = np.array(inferencer.model.dataset_meta['palette'], np.uint8)
    rows = []
    for batch in batches:
        preds = inferencer([img for _, img in batch],
                           batch_size=args.batch_size,
                           return_datasamples=True)
        if not isinstance(preds, list):  # a batch of one image
            preds = [preds]
        for (path, img), pred in zip(batch, preds):
            label = pred.pred_sem_seg.data[0].cpu().numpy().astype(np.uint8)
            masked = masked_pixels(path, label.shape)
            if masked is not None:
                label[masked] = 255
            name = names[path]
            # mmcv.imwrite creates the mirrored folders.
            mmcv.imwrite(label, osp.join(args.out_dir, 'labels',
                                         name + '.png'))
            colour = img.copy()
            painted = label != 255
            # Palette is RGB; images are BGR.
            colour[painted] = palette[label[painted]][:, ::-1]
            overlay = (0.5 * img + 0.5 * colour).astype(np.uint8)
            mmcv.imwrite(overlay,
                         osp.join(args.out_dir, 'overlays', name + '.jpg'))
            shares = np.bincount(label.ravel(), minlength=256) / label.size
            row = dict(image=path,
                       label_png=osp.join('labels', name + '.png'))
            row.update({
                f'{name} %': round(100 * float(shares[i]), 3)
                for i, name in enumerate(classes)
            })
            row['masked %'] = round(100 * float(shares[255]), 3)
            rows.append(row)
    return rows


def main() -> None:
    args = parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    paths = list_inputs(args.input)
    unreadable: List[str] = []
    batches = readable_batches(paths, args.batch_size, unreadable,
                               args.scaling, args.bit_depth)
    scope = Config.fromfile(args.config).get('default_scope')
    rows = (classify(args, batches) if scope == 'mmpretrain' else segment(
        args, batches, output_names(paths, args.input)))
    if not rows:
        raise SystemExit(f'{args.input}: no readable image')
    csv_path, json_path = write_outputs(args.out_dir, rows)
    print(f'\n{len(rows)} images predicted, {len(unreadable)} unreadable '
          f'skipped; {csv_path}, {json_path}')


if __name__ == '__main__':
    main()
