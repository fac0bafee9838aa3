"""Comparison panels like the paper's Fig. 13: image | ground truth |
baseline | ours, for test images of an AI4Mars config.

    python tools/analysis/segmentation_panels.py \
        configs/ai4mars_deeplabv3plus_r101.py base.pth \
        configs/ai4mars_semi.py ours.pth --num-images 6 --out panels.png

Images and ground truth come from the test split of the second config (the
rover and range masks applied, as the metrics see them); unlabelled pixels
are drawn black in the ground truth.
"""
import argparse

import matplotlib

matplotlib.use('Agg')  # files only: no display is needed
import matplotlib.pyplot as plt  # noqa: E402
import mmcv  # noqa: E402
import numpy as np  # noqa: E402
from mmengine.config import DictAction  # noqa: E402
from mmengine.registry import DefaultScope  # noqa: E402
from mmseg.apis import inference_model  # noqa: E402
from mmseg.registry import DATASETS  # noqa: E402

# Importing mars_mm registers its components and the mmseg:: config alias.
from mars_mm.utils.figures import (build_model, colourise,  # noqa: E402
                                   label_legend, load_config)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Segmentation panels')
    parser.add_argument('base_config')
    parser.add_argument('base_checkpoint')
    parser.add_argument('config', help='our config; its test split is used')
    parser.add_argument('checkpoint')
    parser.add_argument('--num-images', type=int, default=4)
    parser.add_argument('--out', default='panels.png')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='overrides of both configs, e.g. the test data_root')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    configs = [
        load_config(path, args.cfg_options)
        for path in (args.base_config, args.config)
    ]
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(configs[1].test_dataloader.dataset)
    models = [
        build_model(cfg, ckpt, args.device)
        for cfg, ckpt in zip(configs, (args.base_checkpoint,
                                       args.checkpoint))
    ]
    classes = dataset.metainfo['classes']
    palette = np.array(dataset.metainfo['palette'], np.uint8)
    num = min(args.num_images, len(dataset))
    fig, axes = plt.subplots(num, 4, figsize=(12, 3 * num), squeeze=False)
    titles = ('image', 'ground truth', 'baseline', 'ours')
    for row in range(num):
        sample = dataset[row]
        path = dataset.get_data_info(row)['img_path']
        gt = sample['data_samples'].gt_sem_seg.data[0].numpy()
        panels = [mmcv.bgr2rgb(mmcv.imread(path)), colourise(gt, palette)]
        for model in models:
            pred = inference_model(model, path).pred_sem_seg.data[0]
            panels.append(
                colourise(pred.cpu().numpy().astype(np.uint8), palette))
        for col, (ax, panel) in enumerate(zip(axes[row], panels)):
            ax.imshow(panel)
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0:
                ax.set_title(titles[col])
    fig.legend(
        handles=label_legend(classes, palette),
        loc='lower center',
        ncol=len(classes) + 1)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(args.out, dpi=80)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
