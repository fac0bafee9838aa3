"""t-SNE of the features of two models, coloured by class (paper Fig. 12).

    python tools/analysis/feature_embedding.py \
        configs/msl_resnet50.py base.pth configs/msl_semi.py ours.pth \
        --names baseline ours --points-per-class 100 --out tsne.png

    python tools/analysis/feature_embedding.py \
        configs/ai4mars_deeplabv3plus_r101.py base.pth \
        configs/ai4mars_semi.py ours.pth --num-images 20 --out tsne.png

The test split of the second config gives the samples, through its test
pipeline; each model normalises them with its own data preprocessor, so
both embed the same samples.

- Classification (mmpretrain) configs: up to ``--points-per-class`` test
  images of each class; the feature is the last output of the backbone and
  neck (``extract_feat``), average-pooled when it is still a feature map.
- Segmentation (mmseg) configs: up to ``--points-per-class`` labelled
  pixels of each class, drawn at random from the first ``--num-images``
  test images (the rover and range masks applied); the feature of a pixel
  is the input of the decode head's classifier (``conv_seg``: its last
  feature map before the final 1x1 convolution), at the pixel's position,
  for the whole image at the test pipeline's scale.

Beside the PNG, a CSV of the same name holds every point: model, image,
pixel (segmentation), class and its two t-SNE coordinates. Sampling and
t-SNE are seeded (``--seed``): a rerun with the same number of threads
(``OMP_NUM_THREADS``) draws the same figure.
"""
import argparse
import csv
import os.path as osp
from functools import partial
from typing import Callable, List, Optional, Tuple

import matplotlib

matplotlib.use('Agg')  # files only: no display is needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from mmengine.config import DictAction  # noqa: E402
from mmengine.dataset import BaseDataset, pseudo_collate  # noqa: E402
from mmengine.registry import DATASETS, DefaultScope  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402

from mars_mm.utils.figures import build_model, load_config  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='t-SNE of two models')
    parser.add_argument('base_config')
    parser.add_argument('base_checkpoint')
    parser.add_argument('config', help='our config; its test split is used')
    parser.add_argument('checkpoint')
    parser.add_argument(
        '--names', nargs=2, help='titles of the two models (default: the '
        'config names)')
    parser.add_argument(
        '--points-per-class',
        type=int,
        default=100,
        help='most images (classification) or pixels (segmentation) of '
        'each class')
    parser.add_argument(
        '--num-images',
        type=int,
        default=20,
        help='segmentation: the test images to draw pixels from')
    parser.add_argument('--perplexity', type=float, default=30.0)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default='tsne.png', help='PNG to write')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='overrides of both configs, e.g. the test data_root')
    args = parser.parse_args()
    if args.points_per_class < 1 or args.num_images < 1:
        parser.error('--points-per-class and --num-images must be >= 1')
    return args


def class_indices(labels: np.ndarray, per_class: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Up to ``per_class`` random indices of each class, sorted.

    Args:
        labels (np.ndarray): The class of each candidate (N, ).
        per_class (int): The most indices kept of a class.
        rng (np.random.Generator): The seeded generator.

    Returns:
        np.ndarray: Indices into ``labels``.
    """
    chosen = [
        rng.permutation(np.flatnonzero(labels == c))[:per_class]
        for c in np.unique(labels)
    ]
    return np.sort(np.concatenate(chosen))


@torch.no_grad()
def image_features(model: nn.Module, dataset: BaseDataset,
                   indices: np.ndarray) -> np.ndarray:
    """The pooled backbone + neck feature of some images of a dataset.

    Args:
        model (nn.Module): An mmpretrain classifier.
        dataset (BaseDataset): Its samples go through the model's data
            preprocessor.
        indices (np.ndarray): The images.

    Returns:
        np.ndarray: One feature per image (N, D).
    """
    features = []
    for start in range(0, len(indices), 16):
        batch = pseudo_collate(
            [dataset[int(i)] for i in indices[start:start + 16]])
        inputs = model.data_preprocessor(batch, False)['inputs']
        feat = model.extract_feat(inputs)
        feat = feat[-1] if isinstance(feat, (tuple, list)) else feat
        if feat.ndim == 4:
            feat = feat.mean(dim=(2, 3))
        features.append(feat.flatten(1).cpu().numpy())
    return np.concatenate(features)


def sample_pixels(dataset: BaseDataset, num_images: int, per_class: int,
                  rng: np.random.Generator) -> Tuple[List[dict], np.ndarray]:
    """Random labelled pixels of the first images of a dataset.

    Args:
        dataset (BaseDataset): An mmseg dataset with ground truth.
        num_images (int): The images to draw from.
        per_class (int): The most pixels of each class, over all images.
        rng (np.random.Generator): The seeded generator.

    Returns:
        tuple[list[dict], np.ndarray]: The samples of those images (after
        the pipeline), and the chosen pixels as rows of (image, y, x,
        class) in label-map coordinates, sorted by image.
    """
    samples, candidates = [], []
    for i in range(min(num_images, len(dataset))):
        sample = dataset[i]
        samples.append(sample)
        gt = sample['data_samples'].gt_sem_seg.data[0].numpy()
        ys, xs = np.nonzero(gt != dataset.ignore_index)
        # Enough candidates of each class in each image for the final draw.
        keep = class_indices(gt[ys, xs], per_class, rng)
        candidates.append(
            np.stack([np.full(keep.size, i), ys[keep], xs[keep],
                      gt[ys, xs][keep]], axis=1))
    points = np.concatenate(candidates)
    return samples, points[class_indices(points[:, 3], per_class, rng)]


@torch.no_grad()
def pixel_features(model: nn.Module, samples: List[dict],
                   points: np.ndarray) -> np.ndarray:
    """The decode head's last features (before ``conv_seg``) at pixels.

    Args:
        model (nn.Module): An mmseg segmentor with a decode head.
        samples (list[dict]): Samples of a dataset (after its pipeline).
        points (np.ndarray): Rows of (image, y, x, class), in the
            coordinates of each sample's label map.

    Returns:
        np.ndarray: One feature per point (N, D).
    """
    captured: List[torch.Tensor] = []
    handle = model.decode_head.conv_seg.register_forward_pre_hook(
        lambda module, args: captured.append(args[0]))
    features = []
    try:
        for i in np.unique(points[:, 0]):
            data = model.data_preprocessor(pseudo_collate([samples[i]]),
                                           False)
            captured.clear()
            model.decode_head(model.extract_feat(data['inputs']))
            feat = captured[-1][0]
            # The label map covers the image; the feature map covers the
            # input, which may hold padding beyond the image.
            label_h, label_w = data['data_samples'][0].gt_sem_seg.shape
            img_h, img_w = data['data_samples'][0].img_shape
            pad_h, pad_w = data['inputs'].shape[-2:]
            rows = points[points[:, 0] == i]
            fy = ((rows[:, 1] + 0.5) / label_h * img_h / pad_h *
                  feat.shape[1]).astype(int)
            fx = ((rows[:, 2] + 0.5) / label_w * img_w / pad_w *
                  feat.shape[2]).astype(int)
            features.append(feat[:, fy, fx].T.cpu().numpy())
    finally:
        handle.remove()
    return np.concatenate(features)


def embed(features: np.ndarray, perplexity: float, seed: int) -> np.ndarray:
    """2-D t-SNE of the features (scikit-learn), seeded.

    Args:
        features (np.ndarray): (N, D).
        perplexity (float): The wanted perplexity; lowered for few points.
        seed (int): Random state of t-SNE.

    Returns:
        np.ndarray: (N, 2).
    """
    # scikit-learn uses 3 x perplexity neighbours, and needs fewer than N.
    perplexity = min(perplexity, (len(features) - 1) / 3)
    return TSNE(
        n_components=2, perplexity=perplexity, init='pca',
        random_state=seed).fit_transform(features.astype(np.float64))


def class_colours(metainfo: dict, num_classes: int) -> np.ndarray:
    """The dataset's palette (0-1 RGB), or 40 distinct colours."""
    if metainfo.get('palette'):
        return np.array(metainfo['palette'], float)[:num_classes] / 255
    colours = np.concatenate([
        plt.get_cmap('tab20').colors,
        plt.get_cmap('tab20b').colors
    ])
    if num_classes > len(colours):
        raise ValueError(f'{num_classes} classes: at most {len(colours)} '
                         'without a palette in the dataset metainfo')
    return colours[:num_classes]


def draw(coords: List[np.ndarray], labels: np.ndarray, names: List[str],
         classes: List[str], colours: np.ndarray, what: str,
         out: str) -> None:
    """The embeddings of the models side by side, one colour per class.

    Args:
        coords (list[np.ndarray]): The 2-D points (N, 2) of each model.
        labels (np.ndarray): The class of each point (N, ).
        names (list[str]): The title of each model.
        classes (list[str]): Class names.
        colours (np.ndarray): The colour of each class (C, 3), 0-1 RGB.
        what (str): What the points are, for the titles.
        out (str): The PNG to write.
    """
    fig, axes = plt.subplots(1, len(coords), figsize=(12, 6.5))
    for ax, name, xy in zip(axes, names, coords):
        for c in np.unique(labels):
            on = labels == c
            ax.scatter(xy[on, 0], xy[on, 1], s=10, color=colours[c],
                       label=classes[c])
        ax.set_title(f'{name}\n{what}', fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
    handles, legend_names = axes[0].get_legend_handles_labels()
    ncol = min(len(handles), 8)
    rows = -(-len(handles) // ncol)
    fig.legend(handles, legend_names, loc='lower center', ncol=ncol,
               markerscale=2, fontsize=9)
    fig.suptitle(f't-SNE of {len(labels)} points, coloured by class')
    fig.tight_layout(rect=(0, 0.05 * rows, 1, 1))
    fig.savefig(out, dpi=80)
    plt.close(fig)


def main() -> None:
    args = parse_args()
    configs = [
        load_config(path, args.cfg_options)
        for path in (args.base_config, args.config)
    ]
    scope = configs[1].get('default_scope')
    if scope not in ('mmpretrain', 'mmseg'):
        raise SystemExit(f'{args.config}: default_scope must be mmpretrain '
                         f'or mmseg, got {scope!r}')
    if configs[0].get('default_scope') != scope:
        raise SystemExit(f'{args.base_config} and {args.config}: configs of '
                         'different tasks (default_scope)')
    names = args.names or [
        osp.splitext(osp.basename(p))[0]
        for p in (args.base_config, args.config)
    ]
    rng = np.random.default_rng(args.seed)
    with DefaultScope.overwrite_default_scope(scope):
        dataset = DATASETS.build(configs[1].test_dataloader.dataset)
    classes = dataset.metainfo['classes']
    models = [
        build_model(cfg, ckpt, args.device)
        for cfg, ckpt in zip(configs, (args.base_checkpoint,
                                       args.checkpoint))
    ]

    pixels: Optional[np.ndarray] = None
    extract: Callable[[nn.Module], np.ndarray]
    if scope == 'mmpretrain':
        all_labels = np.asarray(dataset.get_gt_labels())
        indices = class_indices(all_labels, args.points_per_class, rng)
        labels = all_labels[indices]
        images = [dataset.get_data_info(int(i))['img_path'] for i in indices]
        extract = partial(image_features, dataset=dataset, indices=indices)
        what = 'test images: pooled backbone + neck feature'
    else:
        samples, points = sample_pixels(dataset, args.num_images,
                                        args.points_per_class, rng)
        labels, pixels = points[:, 3], points[:, 1:3]
        images = [samples[i]['data_samples'].img_path for i in points[:, 0]]
        extract = partial(pixel_features, samples=samples, points=points)
        what = 'test pixels: decode-head feature before conv_seg'
    if len(labels) < 3:
        raise SystemExit(f'{args.config}: fewer than 3 labelled test samples '
                         'to embed (check the test data_root)')
    features = [extract(model) for model in models]
    coords = [embed(f, args.perplexity, args.seed) for f in features]

    draw(coords, labels, names, classes,
         class_colours(dataset.metainfo, len(classes)), what, args.out)
    table = osp.splitext(args.out)[0] + '.csv'
    with open(table, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['model', 'image', 'pixel_y', 'pixel_x', 'class_id',
                         'class', 'tsne_x', 'tsne_y'])
        for name, xy in zip(names, coords):
            for j, label in enumerate(labels):
                pixel = ['', ''] if pixels is None else pixels[j].tolist()
                writer.writerow([name, images[j]] + pixel + [
                    int(label), classes[label], f'{xy[j, 0]:.4f}',
                    f'{xy[j, 1]:.4f}'
                ])
    print(f'wrote {args.out} and {table} ({len(labels)} points per model)')


if __name__ == '__main__':
    main()
