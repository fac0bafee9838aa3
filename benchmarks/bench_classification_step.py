"""Benchmark 3: a semi-supervised classification step vs a CE-only step.

ResNet-50 at the paper's batch sizes and image size, both models built from
the project's configs with ``backbone.init_cfg=None`` (no weights file):

- CE only (= 1.00): ``configs/msl_resnet50.py``, 16 labelled images;
- semi-supervised: ``configs/msl_semi.py``, one step of all three streams:
  16 labelled images (cross entropy), 24 classes x 2 labelled images
  (inter-class contrast, Eq. 2) and 16 unlabelled images x 2 views
  (similarity, Eq. 3), each stream with its own backbone forward: 96 images
  in all, 6x the CE step's.

A step is ``model.loss``, ``parse_losses`` and the config's optimizer wrapper
``update_params`` (backward, Adam step, zero_grad) on fixed random images:
data loading, augmentation and preprocessing are excluded.

Run: ``python -m benchmarks.bench_classification_step [--quick]``.
"""
import os.path as osp
from typing import Callable, Dict, List, Tuple

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.optim import OptimWrapper, build_optim_wrapper
from mmengine.registry import DefaultScope
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

import mars_mm  # noqa: F401  (registers our modules)
from benchmarks.common import (Section, cli, device, fmt_mib, fmt_ratio,
                               fmt_seconds, markdown_table,
                               measure_interleaved, settings, use_cuda)

CONFIG_DIR = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))),
                      'configs')
CE_CONFIG = osp.join(CONFIG_DIR, 'msl_resnet50.py')
SEMI_CONFIG = osp.join(CONFIG_DIR, 'msl_semi.py')


def build(path: str) -> Tuple[Config, nn.Module, OptimWrapper]:
    """A config's model (train mode, no pretrained weights) and optimizer.

    Args:
        path (str): The config file.

    Returns:
        tuple: The config, the model on :func:`device` and its optimizer
        wrapper.
    """
    cfg = Config.fromfile(path)
    cfg.model.backbone.init_cfg = None
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model).to(device()).train()
        optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    return cfg, model, optim_wrapper


def labelled(num: int, num_classes: int, size: int,
             gen: torch.Generator) -> Tuple[torch.Tensor, List[DataSample]]:
    """``num`` random images of size ``size``, labels cycling the classes.

    Returns:
        tuple: Images (num, 3, size, size) on :func:`device` and their data
        samples.
    """
    images = torch.randn(num, 3, size, size, generator=gen).to(device())
    samples = [
        DataSample().set_gt_label(i % num_classes).to(device())
        for i in range(num)
    ]
    return images, samples


def step_closure(model: nn.Module, optim_wrapper: OptimWrapper, inputs: object,
                 samples: object) -> Callable[[], None]:
    """One training step on a fixed batch (``train_step`` without the data
    preprocessor), as a closure."""

    def step() -> None:
        losses = model.loss(inputs, samples)
        loss, _ = model.parse_losses(losses)
        optim_wrapper.update_params(loss)

    return step


def run(quick: bool = False) -> Section:
    """Run the benchmark.

    Args:
        quick (bool): Tiny images and batches, one repeat (a smoke check).

    Returns:
        Section: Settings and table.
    """
    semi_cfg, semi, semi_optim = build(SEMI_CONFIG)
    _, ce, ce_optim = build(CE_CONFIG)
    num_classes = semi_cfg.num_classes
    if quick:
        size, sup, classes, unsup, repeats, warmup = 32, 2, 2, 2, 1, 0
    else:
        size, sup = semi_cfg.img_scale, semi_cfg.sup_batch
        classes = semi_cfg.inter_class_batch // 2
        unsup, repeats, warmup = semi_cfg.unsup_batch, 3, 1
    gen = torch.Generator().manual_seed(0)
    sup_images, sup_samples = labelled(sup, num_classes, size, gen)
    # Two samples of each of ``classes`` classes, as ClassBalancedSampler.
    pair_images, pair_samples = labelled(2 * classes, classes, size, gen)
    views = [
        torch.randn(unsup, 3, size, size, generator=gen).to(device())
        for _ in range(2)
    ]
    semi_inputs: Dict[str, List[torch.Tensor]] = dict(
        sup=[sup_images], inter_class=[pair_images], unsup=views)
    semi_samples = dict(
        sup=sup_samples,
        inter_class=pair_samples,
        unsup=[DataSample() for _ in range(unsup)])
    names = {
        'ce': f'CE only ({sup} images)',
        'semi': f'semi-supervised ({sup} + {classes}x2 + {unsup}x2 '
        f'= {sup + 2 * classes + 2 * unsup} images)'
    }
    res = measure_interleaved(
        {
            names['ce']:
            step_closure(ce, ce_optim, sup_images, sup_samples),
            names['semi']:
            step_closure(semi, semi_optim, semi_inputs, semi_samples),
        }, repeats, warmup)
    base = res[names['ce']]
    rows = [[
        name,
        fmt_ratio(m.median, base.median),
        fmt_seconds(m.median),
        fmt_seconds(m.min),
        fmt_mib(m.peak_mib),
        fmt_ratio(m.peak_mib, base.peak_mib),
    ] + ([fmt_mib(m.max_allocated_mib)] if use_cuda() else [])
            for name, m in res.items()]
    headers = [
        'step', 'time ratio', 'median', 'min', 'peak step memory (MiB)',
        'memory ratio'
    ] + (['max_memory_allocated (MiB)'] if use_cuda() else [])
    return Section(
        title='3. Classification: semi-supervised step vs CE-only step',
        settings=settings(
            model='ResNet-50 (configs/msl_semi.py, configs/msl_resnet50.py)',
            image=f'{size}px',
            batches=f'CE {sup}; semi {sup} + {classes}x2 + {unsup}x2 views',
            repeats=f'{repeats} interleaved rounds after {warmup} warm-up '
            'step(s); peak memory from one more step'),
        tables=[
            'Per training step (forward, backward, Adam step; no data '
            'loading); ratios against the CE-only step. Peak step memory: '
            'above what was resident before the step.\n\n' +
            markdown_table(headers, rows)
        ])


if __name__ == '__main__':
    cli(run, __doc__)
