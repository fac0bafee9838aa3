"""The training data as the model sees it, after the training pipeline.

    python tools/analysis/browse_dataset.py configs/msl_semi.py --num 6 \
        --out views.png

builds the config's training dataset and draws ``--num`` samples of it:

- classification (mmpretrain): one row per stream of the semi-supervised
  classifier (the ``SetStream`` tag of each source of a ``ConcatDataset``):
  ``sup``, the plain views with their class; ``inter_class``, the strong
  views of two images of one class side by side, paired by
  ``ClassBalancedSampler`` as in training; ``unsup``, the two strong views
  (``MultiView``) of each unlabelled image side by side. A plain dataset
  is one row of its samples.
- segmentation (mmseg): the training crops with their labels overlaid by
  mmseg's ``SegLocalVisualizer`` (pixels without a label are not painted).

Beside the PNG, a CSV of the same name lists what each panel shows: its
stream, caption and image file(s). The pipelines are random: ``--seed``
makes a figure reproducible.
"""
import argparse
import csv
import os.path as osp
from typing import List, NamedTuple, Sequence

import matplotlib

matplotlib.use('Agg')  # files only: no display is needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmengine.config import DictAction  # noqa: E402
from mmengine.dataset import BaseDataset, ConcatDataset  # noqa: E402
from mmengine.registry import DATASETS, DefaultScope  # noqa: E402
from mmengine.runner import set_random_seed  # noqa: E402
from mmseg.visualization import SegLocalVisualizer  # noqa: E402

from mars_mm.datasets.samplers import ClassBalancedSampler  # noqa: E402
from mars_mm.utils.figures import (label_legend, load_config,  # noqa: E402
                                   short_name)

# Row titles of the streams that SetStream tags.
STREAM_TITLES = {
    'sup': 'sup: plain (weak) views, for cross entropy',
    'inter_class': 'inter_class: strong views of two images of one class '
    '(ClassBalancedSampler pairs)',
    'unsup': 'unsup: two strong views of one unlabelled image',
}


class Panel(NamedTuple):
    """One drawn image: a view, or several side by side."""
    image: np.ndarray  # RGB
    caption: str
    stream: str  # the SetStream tag, or 'train'
    paths: List[str]  # the image file(s) it shows


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Browse the training data')
    parser.add_argument('config')
    parser.add_argument(
        '--num', type=int, default=6, help='samples per stream')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default='training_data.png')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='overrides of the config, e.g. the data_root')
    return parser.parse_args()


def to_rgb(views: Sequence[torch.Tensor]) -> np.ndarray:
    """Packed views (C, H, W, BGR) side by side, as one RGB image."""
    gap = np.full((views[0].shape[1], 3, 3), 255, np.uint8)
    parts = []
    for view in views:
        parts += [view.permute(1, 2, 0).numpy()[..., ::-1], gap]
    return np.concatenate(parts[:-1], axis=1).astype(np.uint8)


def views_of(sample: dict) -> List[torch.Tensor]:
    """The views of a sample: several after ``MultiView``, else one."""
    inputs = sample['inputs']
    return list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]


def caption(sample: dict, classes: Sequence[str]) -> str:
    """The class name of a labelled sample, else its file name."""
    data_sample = sample['data_samples']
    label = data_sample.get('gt_label')
    if label is not None and len(label) and int(label[0]) >= 0:
        return classes[int(label[0])]
    return short_name(data_sample.img_path)


def stream_panels(source: BaseDataset, num: int, seed: int,
                  classes: Sequence[str]) -> List[Panel]:
    """``num`` panels of one classification source, as its stream sees it.

    Args:
        source (BaseDataset): One source of the training set.
        num (int): The most panels.
        seed (int): Seed of the sample choice and the class pairs.
        classes (Sequence[str]): Class names.

    Returns:
        list[Panel]: Pairs of one class for ``inter_class``; one sample (all
        its views) per panel otherwise.
    """
    stream = source[0]['data_samples'].metainfo.get('stream', 'train')
    if stream == 'inter_class':
        sampler = ClassBalancedSampler(source, samples_per_class=2, seed=seed)
        group = list(iter(sampler))[:sampler.group_size]
        groups = sampler.class_samples(group)[:num]
    else:
        picks = np.random.default_rng(seed).choice(
            len(source), min(num, len(source)), replace=False)
        groups = [[int(i)] for i in picks]
    panels = []
    for indices in groups:
        samples = [source[i] for i in indices]
        panels.append(
            Panel(
                to_rgb([v for s in samples for v in views_of(s)]),
                caption(samples[0], classes), stream,
                [s['data_samples'].img_path for s in samples]))
    return panels


def draw_streams(rows: List[List[Panel]], out: str) -> None:
    """One row of captioned panels per stream, a title above each row."""
    num = max(len(panels) for panels in rows)
    # Panels are 2.2 inches wide; a row is as high as its tallest panel plus
    # room for the row title and the captions.
    heights = [
        0.7 + 2.2 * max(p.image.shape[0] / p.image.shape[1] for p in panels)
        for panels in rows
    ]
    fig = plt.figure(figsize=(2.2 * num, sum(heights)), layout='constrained')
    subfigs = np.atleast_1d(
        fig.subfigures(len(rows), 1, height_ratios=heights))
    for subfig, panels in zip(subfigs, rows):
        stream = panels[0].stream
        subfig.suptitle(
            STREAM_TITLES.get(stream, 'training samples'),
            fontsize=11,
            fontweight='bold')
        axes = np.atleast_1d(subfig.subplots(1, num))
        for ax in axes:
            ax.axis('off')
        for ax, panel in zip(axes, panels):
            ax.imshow(panel.image)
            ax.set_title(panel.caption, fontsize=9)
    fig.savefig(out, dpi=80)
    plt.close(fig)


def crop_panels(dataset: BaseDataset, num: int, seed: int) -> List[Panel]:
    """Training crops of a segmentation dataset, their labels overlaid."""
    visualizer = SegLocalVisualizer(name='browse_dataset', alpha=0.5)
    visualizer.dataset_meta = dataset.metainfo
    picks = np.random.default_rng(seed).choice(
        len(dataset), min(num, len(dataset)), replace=False)
    panels = []
    for i in picks:
        sample = dataset[int(i)]
        visualizer.add_datasample(
            'crop',
            to_rgb(views_of(sample)),
            sample['data_samples'],
            draw_pred=False,
            with_labels=False)
        path = sample['data_samples'].img_path
        panels.append(
            Panel(visualizer.get_image(), short_name(path), 'train', [path]))
    return panels


def draw_crops(panels: List[Panel], metainfo: dict, out: str) -> None:
    """The crops in rows of up to six, with a legend of the classes."""
    ncol = min(len(panels), 6)
    nrow = -(-len(panels) // ncol)
    fig, axes = plt.subplots(
        nrow,
        ncol,
        figsize=(2.2 * ncol, 2.4 * nrow + 0.8),
        squeeze=False,
        layout='constrained')
    for ax in axes.flat:
        ax.axis('off')
    for ax, panel in zip(axes.flat, panels):
        ax.imshow(panel.image)
        ax.set_title(panel.caption, fontsize=7)
    palette = np.array(metainfo['palette'], np.uint8)
    fig.legend(
        handles=label_legend(
            metainfo['classes'], palette, with_no_label=False),
        loc='outside lower center',
        ncol=len(palette))
    fig.suptitle('Training crops, labels overlaid (no label: not painted)')
    fig.savefig(out, dpi=80)
    plt.close(fig)


def main() -> None:
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    scope = cfg.get('default_scope')
    if scope not in ('mmseg', 'mmpretrain'):
        raise SystemExit(f'{args.config}: default_scope must be mmseg or '
                         f'mmpretrain, got {scope!r}')
    set_random_seed(args.seed)
    with DefaultScope.overwrite_default_scope(scope):
        dataset = DATASETS.build(cfg.train_dataloader.dataset)
    if len(dataset) == 0:
        raise SystemExit(f'{args.config}: the training dataset is empty')
    if scope == 'mmseg':
        rows = [crop_panels(dataset, args.num, args.seed)]
        draw_crops(rows[0], dataset.metainfo, args.out)
    else:
        sources = (dataset.datasets if isinstance(dataset, ConcatDataset)
                   else [dataset])
        rows = [
            stream_panels(source, args.num, args.seed,
                          dataset.metainfo['classes']) for source in sources
        ]
        draw_streams(rows, args.out)

    table = osp.splitext(args.out)[0] + '.csv'
    with open(table, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['stream', 'caption', 'images'])
        for panels in rows:
            for panel in panels:
                writer.writerow(
                    [panel.stream, panel.caption, ';'.join(panel.paths)])
    print(f'wrote {args.out} and {table}')


if __name__ == '__main__':
    main()
