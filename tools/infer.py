"""Run a trained model on new rover images.

    python tools/infer.py CONFIG CHECKPOINT INPUT [--out-dir DIR]
        [--batch-size N]

INPUT is an image, a folder (searched recursively) or a text file with one
image path per line. The config's ``default_scope`` picks the task:

- classification (mmpretrain): ``predictions.csv`` / ``predictions.json``
  with the class and score of each image;
- segmentation (mmseg): per image a label PNG (class ids, 255 where the
  rover or range mask of an AI4Mars tree covers the pixel) and a colour
  overlay, plus a CSV/JSON summary of the class shares of each image.

Unreadable files are reported and skipped. The stock inferencers
(``MMSegInferencer``, ``ImageClassificationInferencer``) do the work.
"""
import argparse
import csv
import json
import os
import os.path as osp
from typing import Iterator, List, Optional, Tuple

import mmcv
import numpy as np
from mmengine.config import Config
from mmengine.utils import ProgressBar

# Importing mars_mm registers its components and the mmseg:: config alias.
from mars_mm.datasets.transforms import CorruptImageError, check_image_bytes
from mars_mm.datasets.unlabeled_image_dataset import IMAGE_SUFFIXES


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Predict on new images')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('input', help='image, folder or text list of images')
    parser.add_argument('--out-dir', default='work_dirs/infer')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--device', default=None, help='e.g. cpu, cuda:0')
    return parser.parse_args()


def list_inputs(source: str) -> List[str]:
    """Image paths of an image, a folder tree or a text list."""
    if osp.isdir(source):
        return sorted(
            osp.join(folder, name)
            for folder, _, names in os.walk(source) for name in names
            if name.lower().endswith(IMAGE_SUFFIXES))
    if source.lower().endswith(IMAGE_SUFFIXES):
        return [source]
    if osp.isfile(source):
        base = osp.dirname(source)
        with open(source) as f:
            return [
                line.strip() if osp.isabs(line.strip()) else osp.join(
                    base, line.strip()) for line in f if line.strip()
            ]
    raise FileNotFoundError(f'{source}: no such image, folder or list')


def read_image(path: str) -> Optional[np.ndarray]:
    """The image as BGR, or None when it cannot be read."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
        check_image_bytes(data, path)
        return mmcv.imfrombytes(data)
    except (OSError, CorruptImageError):
        return None


def ai4mars_masks(path: str) -> List[str]:
    """Rover and range masks beside an AI4Mars ``images/edr`` image."""
    folder, name = osp.split(path)
    if osp.basename(folder) != 'edr':
        return []
    stem = osp.splitext(name)[0]
    images = osp.dirname(folder)
    candidates = [
        osp.join(images, 'mxy', stem.replace('EDR', 'MXY') + '.png'),
        osp.join(images, 'rng-30m', stem.replace('EDR', 'RNG') + '.png'),
    ]
    return [c for c in candidates if osp.isfile(c)]


def readable_batches(paths: List[str], batch_size: int,
                     unreadable: List[str]) -> Iterator[List[Tuple[str,
                                                                  np.ndarray]]]:
    """Batches of (path, image); unreadable paths go to ``unreadable``."""
    bar = ProgressBar(len(paths))
    for start in range(0, len(paths), batch_size):
        batch = []
        for path in paths[start:start + batch_size]:
            img = read_image(path)
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


def segment(args, batches: Iterator) -> List[dict]:
    """Label PNG, overlay and class shares of each image (mmseg)."""
    from mmseg.apis import MMSegInferencer
    inferencer = MMSegInferencer(
        args.config, weights=args.checkpoint, device=args.device)
    classes = inferencer.model.dataset_meta['classes']
    palette = np.array(inferencer.model.dataset_meta['palette'], np.uint8)
    for sub in ('labels', 'overlays'):
        os.makedirs(osp.join(args.out_dir, sub), exist_ok=True)
    rows = []
    for batch in batches:
        preds = inferencer([img for _, img in batch],
                           batch_size=args.batch_size,
                           return_datasamples=True)
        if not isinstance(preds, list):  # a batch of one image
            preds = [preds]
        for (path, img), pred in zip(batch, preds):
            label = pred.pred_sem_seg.data[0].cpu().numpy().astype(np.uint8)
            for mask_path in ai4mars_masks(path):
                mask = mmcv.imread(mask_path, flag='unchanged')
                if mask.shape == label.shape:
                    label[mask != 0] = 255
            stem = osp.splitext(osp.basename(path))[0]
            mmcv.imwrite(label, osp.join(args.out_dir, 'labels',
                                         stem + '.png'))
            colour = img.copy()
            painted = label != 255
            # Palette is RGB; images are BGR.
            colour[painted] = palette[label[painted]][:, ::-1]
            overlay = (0.5 * img + 0.5 * colour).astype(np.uint8)
            mmcv.imwrite(overlay,
                         osp.join(args.out_dir, 'overlays', stem + '.jpg'))
            shares = np.bincount(label.ravel(), minlength=256) / label.size
            row = dict(image=path, label_png=f'labels/{stem}.png')
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
    batches = readable_batches(paths, args.batch_size, unreadable)
    scope = Config.fromfile(args.config).get('default_scope')
    rows = (classify(args, batches)
            if scope == 'mmpretrain' else segment(args, batches))
    if not rows:
        raise SystemExit(f'{args.input}: no readable image')
    csv_path, json_path = write_outputs(args.out_dir, rows)
    print(f'\n{len(rows)} images predicted, {len(unreadable)} unreadable '
          f'skipped; {csv_path}, {json_path}')


if __name__ == '__main__':
    main()
