"""Where online pseudo labels go (paper Sec. 5.2), on training images.

    python tools/analysis/pseudo_label_view.py configs/ai4mars_semi.py \
        ours.pth --num-images 4 [--threshold 0.9] [--split train] \
        --out pseudo_labels.png

For the first ``--num-images`` images of the split (its labels with the
rover and range masks applied, as training sees them), one row of panels:
image | ground truth (no label: black; rover- or range-masked: cyan) | merged
labels, the pseudo-labelled pixels hatched (masked pixels never take one) |
the decode head's max softmax confidence, the threshold outlined in red.
The merge is the model's own
(``PseudoLabelEncoderDecoder.merge_pseudo_labels``), applied to the whole
image at the test pipeline's scale (training applies it to random crops).
The threshold defaults to the config's ``model.pseudo_label_threshold``;
its ``model.pseudo_label_class_portion``, if any, sets class-wise thresholds
per image (training sets them per batch).
Works for any mmseg config whose decode head outputs class logits.

Beside the PNG, a CSV of the same name holds, per image and for all images
together, the number of unlabelled terrain pixels (masked pixels left out)
and the share of them (in %) that took a pseudo label, in all and per class;
it is also printed.
"""
import argparse
import copy
import csv
import os.path as osp
from typing import List, Tuple

import matplotlib

matplotlib.use('Agg')  # files only: no display is needed
import matplotlib.pyplot as plt  # noqa: E402
import mmcv  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from mmengine.config import DictAction  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.registry import DefaultScope  # noqa: E402
from mmseg.models.utils import resize  # noqa: E402
from mmseg.registry import DATASETS  # noqa: E402

from mars_mm.models.segmentors import PseudoLabelEncoderDecoder  # noqa: E402
from mars_mm.models.utils import pseudo_label_region  # noqa: E402
from mars_mm.utils.figures import (build_model, colourise,  # noqa: E402
                                   label_legend, load_config, short_name)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Pseudo-label view')
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--num-images', type=int, default=4)
    parser.add_argument(
        '--threshold',
        type=float,
        help='softmax confidence for a pseudo label (default: the '
        "config's model.pseudo_label_threshold)")
    parser.add_argument(
        '--split', default='train', choices=['train', 'val', 'test'])
    parser.add_argument('--out', default='pseudo_labels.png')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='overrides of the config, e.g. the data_root')
    return parser.parse_args()


MASKED_COLOUR = np.array([0, 200, 200], np.uint8)


@torch.no_grad()
def logits_and_labels(model: torch.nn.Module,
                      sample: dict) -> Tuple[torch.Tensor, torch.Tensor]:
    """The decode head's logits at the size of the sample's label map.

    Args:
        model (torch.nn.Module): An mmseg segmentor.
        sample (dict): A dataset sample (after the pipeline).

    Returns:
        tuple[torch.Tensor, torch.Tensor]: Logits (C, H, W) and labels
        (H, W).
    """
    result = model.test_step(pseudo_collate([sample]))[0]
    gt = result.gt_sem_seg.data[0]
    logits = result.seg_logits.data
    if logits.shape[1:] != gt.shape:
        # A pipeline that resizes the labels: bring the logits to them, as
        # training does.
        logits = resize(logits[None], size=gt.shape, mode='bilinear',
                        align_corners=model.align_corners)[0]
    return logits, gt


def pseudo_shares(counts: np.ndarray) -> np.ndarray:
    """Share (%) of the unlabelled pixels that took each class.

    Args:
        counts (np.ndarray): The number of unlabelled pixels, then the
            number of them that took each class (1 + C, ).

    Returns:
        np.ndarray: (C, ); zeros when no pixel is unlabelled.
    """
    return 100 * counts[1:] / max(counts[0], 1)


def draw_row(axes: np.ndarray, path: str, gt: np.ndarray,
             merged: np.ndarray, pseudo: np.ndarray, confidence: np.ndarray,
             threshold: float, palette: np.ndarray, share: float,
             masked: np.ndarray) -> None:
    """Image | ground truth | merged labels | confidence, in four axes.

    Args:
        axes (np.ndarray): Four matplotlib axes.
        path (str): The image file.
        gt (np.ndarray): Ground truth (H, W), 255 for no label.
        merged (np.ndarray): Merged labels (H, W).
        pseudo (np.ndarray): Where ``merged`` holds a pseudo label (H, W).
        confidence (np.ndarray): Max softmax probability (H, W).
        threshold (float): The pseudo-label threshold.
        palette (np.ndarray): RGB colour of each class (C, 3), uint8.
        share (float): Share (%) of the unlabelled pixels pseudo-labelled.
        masked (np.ndarray): Rover- or range-masked pixels (H, W), cyan in
            both label panels.
    """
    image = mmcv.bgr2rgb(mmcv.imread(path))
    if image.shape[:2] != gt.shape:
        image = mmcv.imresize(image, gt.shape[::-1])
    ax_image, ax_gt, ax_merged, ax_conf = axes
    ax_image.imshow(image)
    for ax, labels in ((ax_gt, gt), (ax_merged, merged)):
        rgb = colourise(labels, palette)
        rgb[masked] = MASKED_COLOUR
        ax.imshow(rgb)
    if pseudo.any():
        ax_merged.contourf(pseudo, levels=[0.5, 1.5], colors='none',
                           hatches=['////'])
        ax_merged.contour(pseudo, levels=[0.5], colors='white',
                          linewidths=0.8)
    shown = ax_conf.imshow(confidence, cmap='viridis', vmin=0, vmax=1)
    if (confidence >= threshold).any():
        ax_conf.contour(confidence >= threshold, levels=[0.5],
                        colors='red', linewidths=0.8)
    ax_conf.figure.colorbar(shown, ax=ax_conf, shrink=0.9)
    titles = (short_name(path, 32), 'ground truth',
              f'merged, hatched: pseudo ({share:.1f}% of unlabelled)',
              f'max softmax confidence (red: >= {threshold:g})')
    for ax, title in zip(axes, titles):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=9)


def main() -> None:
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    if cfg.get('default_scope') != 'mmseg':
        raise SystemExit(f'{args.config}: not an mmseg config')
    threshold = (args.threshold if args.threshold is not None else
                 cfg.model.get('pseudo_label_threshold'))
    if threshold is None:
        raise SystemExit(f'{args.config}: no model.pseudo_label_threshold; '
                         'give --threshold')
    if not 0 < threshold <= 1:
        raise SystemExit(f'--threshold must lie in (0, 1], got {threshold}')
    # The split's images and labels, through the test pipeline: whole
    # images, as the metrics see them, instead of random crops.
    dataset_cfg = copy.deepcopy(cfg[f'{args.split}_dataloader'].dataset)
    if 'pipeline' not in dataset_cfg:
        raise SystemExit(f'{args.config}: {args.split}_dataloader.dataset '
                         'has no pipeline (a wrapped dataset?)')
    # PackAI4MarsInputs keeps the rover/range valid-pixel map in the sample.
    dataset_cfg.pipeline = [
        dict(step, type='PackAI4MarsInputs')
        if step.get('type') in ('PackSegInputs', 'mmseg.PackSegInputs') else
        step for step in cfg.test_dataloader.dataset.pipeline
    ]
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(dataset_cfg)
    num = min(args.num_images, len(dataset))
    if num == 0:
        raise SystemExit(f'{args.config}: the {args.split} split is empty')
    model = build_model(cfg, args.checkpoint, args.device)
    if model.out_channels != model.num_classes:
        raise SystemExit(f'{args.config}: the decode head outputs '
                         f'{model.out_channels} channel(s), not the logits '
                         f'of {model.num_classes} classes')
    ignore_index = model.decode_head.ignore_index
    classes = dataset.metainfo['classes']
    palette = np.array(dataset.metainfo['palette'], np.uint8)

    fig, axes = plt.subplots(
        num,
        4,
        figsize=(13, 3.3 * num + 0.6),
        squeeze=False,
        layout='constrained')
    # Per image: the number of unlabelled pixels, then of those that took
    # each class.
    counts: List[Tuple[str, np.ndarray]] = []
    for row in range(num):
        sample = dataset[row]
        logits, gt = logits_and_labels(model, sample)
        # The pixels that may take a pseudo label, as in training.
        valid = pseudo_label_region([sample['data_samples']], *gt.shape,
                                    gt.device)
        merged = PseudoLabelEncoderDecoder.merge_pseudo_labels(
            logits[None], gt[None], threshold, ignore_index, valid,
            cfg.model.get('pseudo_label_class_portion'))[0]
        confidence = logits.softmax(dim=0).max(dim=0).values.cpu().numpy()
        gt, merged = gt.cpu().numpy(), merged.cpu().numpy()
        masked = ~valid[0].cpu().numpy()
        unlabeled = (gt == ignore_index) & ~masked
        pseudo = unlabeled & (merged != ignore_index)
        path = sample['data_samples'].img_path
        counts.append((path,
                       np.concatenate([[unlabeled.sum()],
                                       np.bincount(merged[pseudo],
                                                   minlength=len(classes))])))
        draw_row(axes[row], path, gt, merged, pseudo, confidence, threshold,
                 palette, pseudo_shares(counts[-1][1]).sum(), masked)
    fig.suptitle(f'Online pseudo labels at confidence >= {threshold:g} '
                 f'({args.split} images)')
    fig.legend(
        handles=label_legend(classes, palette) + [
            Patch(facecolor=MASKED_COLOUR / 255, label='masked (rover/range)')
        ],
        loc='outside lower center',
        ncol=len(classes) + 2)
    fig.savefig(args.out, dpi=80)
    plt.close(fig)

    counts.append(('all', sum(c for _, c in counts)))
    table = osp.splitext(args.out)[0] + '.csv'
    header = ['image', 'unlabelled_pixels', 'pseudo %'] + [
        f'{name} %' for name in classes
    ]
    with open(table, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for image, image_counts in counts:
            shares = pseudo_shares(image_counts)
            cells = [image, int(image_counts[0]), f'{shares.sum():.2f}'
                     ] + [f'{s:.2f}' for s in shares]
            writer.writerow(cells)
            print(', '.join(f'{h} {c}' for h, c in zip(header, cells)))
    print(f'wrote {args.out} and {table}')


if __name__ == '__main__':
    main()
