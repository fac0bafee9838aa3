"""Benchmark 1: what each segmentation stream costs per training step.

DeepLabV3+ (ResNet-50 and ResNet-101 backbones) at two crop sizes, built
from the project's configs with BN in place of SyncBN (one process):

- (a) baseline, = 1.00: ``configs/ai4mars_deeplabv3plus_r101.py`` without
  its auxiliary head, an ``EncoderDecoder`` with the DeepLabV3+ decode head
  only;
- (b) + contrastive head: ``configs/ai4mars_semi.py`` whose
  ``MemoryBankContrastHead`` has a trivial loss (the mean of its embedding
  map): its forward and backward, without Eq. 7 or the bank update;
- (c) + Eq. 7 loss and bank update: ``configs/ai4mars_semi.py`` as it is
  (``PseudoLabelEncoderDecoder``), pseudo labels off;
- (d) + online pseudo labels: the same, pseudo labels on with threshold
  1/C: the largest softmax probability of C classes is never below 1/C, so
  every unlabelled pixel takes a label, the most work for the loss and bank;
- (e) light contrastive head (issue 16): (d) with
  ``configs/ai4mars_semi/ai4mars_semi_light_head.py``, whose
  ``LightContrastHead`` (two 1x1 convs, 512 -> 256 -> 128) embeds the decode
  head's fused features instead of running a second DeepLabV3+ head: the
  whole semi-supervised step (Eq. 7, bank update, pseudo labels). Target:
  time and peak memory <= 1.10x (a).

A step is ``model.loss``, ``parse_losses`` and the config's optimizer wrapper
``update_params`` (backward, SGD step, zero_grad) on one fixed synthetic
batch (random images; labels in blocks, 45% of them unlabelled as in
AI4Mars): data loading and preprocessing are excluded. The cost target:
loss + bank update + pseudo labels together, (d) - (b), within 5% of (a).
That work is a few per cent of a step or less, below the noise of whole
steps on a shared machine, so the target is judged on it timed alone, on the
tensors of the batch: the contrastive head's loss with the bank update
(Eq. 7, on the pseudo-labelled samples) minus the trivial loss of (b), both
with their backward to the embedding map, plus the pseudo-label merge of
(d); the whole-step differences are reported beside it.
That pseudo labels (and the light head's features) take no extra forward
pass is checked by counting the backbone and decode-head forwards of a step
of (a), (d) and (e), and by comparing
(d) - (c) with the time of one decode-head forward (no gradient), the least
that an extra pass would cost.

Run: ``python -m benchmarks.bench_segmentation_step [--quick]
[--variants a e] [--depths 50] [--crops 256] [--repeats 3]`` (a subset of
variants, backbones or crops; without (b)-(d), no extra-cost table).
"""
import argparse
import gc
import os.path as osp
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.model import revert_sync_batchnorm
from mmengine.optim import OptimWrapper, build_optim_wrapper
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mars_mm  # noqa: F401  (registers our modules and the mmseg:: alias)
from benchmarks.common import (Section, Target, device, fmt_mib, fmt_ratio,
                               fmt_seconds, markdown_table,
                               measure_interleaved, render_section, settings,
                               use_cuda)
from mars_mm.models.decode_heads import MemoryBankContrastHead

CONFIG_DIR = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))),
                      'configs')
BASELINE_CONFIG = osp.join(CONFIG_DIR, 'ai4mars_deeplabv3plus_r101.py')
SEMI_CONFIG = osp.join(CONFIG_DIR, 'ai4mars_semi.py')
LIGHT_CONFIG = osp.join(CONFIG_DIR, 'ai4mars_semi',
                        'ai4mars_semi_light_head.py')
VARIANTS = {
    'a': '(a) baseline',
    'b': '(b) + contrastive head',
    'c': '(c) + Eq. 7 loss, bank update',
    'd': '(d) + online pseudo labels',
    'e': '(e) light head: Eq. 7, bank, pseudo labels',
}
# Variants whose differences make the extra-cost table.
COST_VARIANTS = ('a', 'b', 'c', 'd')
LIGHT_TARGET = 1.10
HEAD_FORWARD = 'decode-head forward'
UNLABELLED_SHARE = 0.45


@MODELS.register_module()
class TrivialLossContrastHead(MemoryBankContrastHead):
    """Variant (b): the contrastive head with a trivial loss.

    The forward and backward of the head (ASPP, low-level fusion and the
    embedding conv) as in the real one, without the Eq. 7 loss and without
    the memory-bank update, so that (c) - (b) is their cost.
    """

    def loss_by_feat(self, seg_logits: torch.Tensor,
                     batch_data_samples: list) -> dict:
        """The mean of the embedding map, named as the real loss.

        Args:
            seg_logits (torch.Tensor): The embedding map (B, D, h, w).
            batch_data_samples (list[:obj:`SegDataSample`]): Unused.

        Returns:
            dict[str, torch.Tensor]: The loss.
        """
        return {self.loss_decode.loss_name: seg_logits.mean()}


def build_variant(variant: str,
                  depth: int) -> Tuple[nn.Module, OptimWrapper]:
    """Build one variant's model (BN, train mode) and optimizer wrapper.

    Args:
        variant (str): 'a' to 'e' (module docstring).
        depth (int): ResNet depth, 50 or 101.

    Returns:
        tuple: The model on :func:`device` and its optimizer wrapper.
    """
    cfg = Config.fromfile({
        'a': BASELINE_CONFIG,
        'e': LIGHT_CONFIG
    }.get(variant, SEMI_CONFIG))
    cfg.model.backbone.depth = depth
    if variant == 'a':
        cfg.model.auxiliary_head = None
    elif variant == 'b':
        cfg.model.auxiliary_head.type = TrivialLossContrastHead.__name__
    elif variant in ('d', 'e'):
        cfg.model.pseudo_label_threshold = 1 / cfg.model.decode_head[
            'num_classes']
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
        model = revert_sync_batchnorm(model).to(device()).train()
        if variant in ('d', 'e'):
            model.set_pseudo_labels(True)
        optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    return model, optim_wrapper


def synthetic_batch(batch_size: int, crop: int, num_classes: int = 4
                    ) -> Tuple[torch.Tensor, List[SegDataSample]]:
    """Random images and block labels, 45% of the blocks unlabelled.

    Args:
        batch_size (int): Images.
        crop (int): Height and width.
        num_classes (int): Classes. Defaults to 4 (AI4Mars).

    Returns:
        tuple: Inputs (B, 3, crop, crop) and data samples with
        ``gt_sem_seg``, on :func:`device`.
    """
    gen = torch.Generator().manual_seed(0)
    inputs = torch.randn(batch_size, 3, crop, crop, generator=gen)
    blocks = torch.randint(0, num_classes, (batch_size, 1, 8, 8),
                           generator=gen)
    blocks[torch.rand(blocks.shape, generator=gen) < UNLABELLED_SHARE] = 255
    labels = F.interpolate(
        blocks.float(), size=(crop, crop), mode='nearest').long()
    samples = [
        SegDataSample(
            gt_sem_seg=PixelData(data=label.to(device())),
            metainfo=dict(
                img_shape=(crop, crop),
                ori_shape=(crop, crop),
                pad_shape=(crop, crop))) for label in labels
    ]
    return inputs.to(device()), samples


def train_step(model: nn.Module, optim_wrapper: OptimWrapper,
               inputs: torch.Tensor,
               samples: List[SegDataSample]) -> Callable[[], None]:
    """One training step of ``model`` on a fixed batch, as a closure.

    ``Runner``'s ``train_step`` without the data preprocessor.
    """

    def step() -> None:
        losses = model.loss(inputs, samples)
        loss, _ = model.parse_losses(losses)
        optim_wrapper.update_params(loss)

    return step


def count_forwards(model: nn.Module, step: Callable[[], None]
                   ) -> Dict[str, int]:
    """Backbone and decode-head forward calls during one ``step``.

    mmseg heads call ``self.forward`` directly (in ``loss``), which module
    hooks do not see: the instances' ``forward`` is wrapped instead.

    Returns:
        dict[str, int]: Calls of ``backbone`` and ``decode_head``.
    """
    counts = {}
    for name in ('backbone', 'decode_head'):
        module = getattr(model, name)
        original = module.forward

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        counts[name] = 0
        module.forward = counted
    try:
        step()
    finally:
        for name in counts:
            del getattr(model, name).forward
    return counts


def extra_work_calls(models: dict, inputs: torch.Tensor,
                     samples: List[SegDataSample]
                     ) -> Dict[str, Callable[[], None]]:
    """The work that (d) adds to (b), as closures on fixed tensors.

    Args:
        models (dict): Model and optimizer wrapper of each variant.
        inputs (torch.Tensor): The batch's images.
        samples (list[:obj:`SegDataSample`]): The batch's samples.

    Returns:
        dict[str, Callable]: ``trivial`` ((b)'s loss and its backward),
        ``eq7`` (Eq. 7 and the bank update, with the backward) and
        ``pseudo`` (the pseudo-label merge of a step of (d)).
    """
    model_d, model_b = models['d'][0], models['b'][0]
    with torch.no_grad():
        feats = model_d.extract_feat(inputs)
        seg_logits = model_d.decode_head(feats)
        embedding = model_d.auxiliary_head(feats)
    # The segmentor's own step of (d) between the decode head and the
    # contrastive head: its cost is what pseudo labels add.
    merged = model_d._pseudo_labelled_samples(seg_logits, samples)

    def head_loss(head: nn.Module, head_samples: list) -> Callable[[], None]:

        def call() -> None:
            leaf = embedding.detach().requires_grad_()
            losses = head.loss_by_feat(leaf, head_samples)
            sum(losses.values()).backward()

        return call

    def pseudo() -> None:
        model_d._pseudo_labelled_samples(seg_logits, samples)

    return dict(
        trivial=head_loss(model_b.auxiliary_head, samples),
        eq7=head_loss(model_d.auxiliary_head, merged),
        pseudo=pseudo)


def measure_crop(models: dict, depth: int, crop: int, batch_size: int,
                 repeats: int, warmup: int, extra_repeats: int) -> dict:
    """Measure the variants of one backbone at one crop size.

    Args:
        models (dict): Model and optimizer wrapper of each variant ('a' and
            any of the others).
        depth (int): ResNet depth (for the rows).
        crop (int): Crop size.
        batch_size (int): Images per step.
        repeats (int): Timed rounds.
        warmup (int): Warm-up steps of each variant.
        extra_repeats (int): Timed rounds of the extra work alone.

    Returns:
        dict: ``rows`` (one per variant); with (b)-(d), ``cost_row`` and
        ``extra`` (the work of (d) - (b) timed alone, as a share of (a));
        with (e), ``light`` (its time and memory ratios to (a));
        ``forwards`` (whether (a), (d) and (e) each ran one backbone and one
        decode-head forward) with its ``note``.
    """
    inputs, samples = synthetic_batch(batch_size, crop)
    calls = {
        VARIANTS[v]: train_step(model, optim, inputs, samples)
        for v, (model, optim) in models.items()
    }
    with_cost = all(v in models for v in COST_VARIANTS)
    if with_cost:
        model_d = models['d'][0]
        with torch.no_grad():
            feats = model_d.extract_feat(inputs)

        def head_forward() -> None:
            with torch.no_grad():
                model_d.decode_head(feats)

        calls[HEAD_FORWARD] = head_forward
    res = measure_interleaved(calls, repeats, warmup)
    base = res[VARIANTS['a']]
    rows = [[
        f'R-{depth}', crop, VARIANTS[v],
        fmt_ratio(res[VARIANTS[v]].median, base.median),
        fmt_seconds(res[VARIANTS[v]].median),
        fmt_seconds(res[VARIANTS[v]].min),
        fmt_mib(res[VARIANTS[v]].peak_mib),
        fmt_ratio(res[VARIANTS[v]].peak_mib, base.peak_mib),
    ] + ([fmt_mib(res[VARIANTS[v]].max_allocated_mib)] if use_cuda() else [])
            for v in VARIANTS if v in models]
    med = {v: res[VARIANTS[v]].median for v in models}
    low = {v: res[VARIANTS[v]].min for v in models}
    counted = [v for v in ('a', 'd', 'e') if v in models]
    for v in counted[1:]:
        models[v][0].pop_pseudo_label_stats()
    counts = {
        v: '{backbone}/{decode_head}'.format(
            **count_forwards(models[v][0], calls[VARIANTS[v]]))
        for v in counted
    }
    result = dict(
        rows=rows,
        forwards=all(c == '1/1' for c in counts.values()),
        note=f'R-{depth} {crop}px: ' + ', '.join(
            f'{counts[v]} in ({v})' for v in counted))
    if 'e' in models:
        result['light'] = (med['e'] / med['a'],
                           res[VARIANTS['e']].peak_mib / base.peak_mib)
    if not with_cost:
        return result
    unlabeled, pseudo = model_d.pop_pseudo_label_stats()
    share = pseudo.sum().item() / max(unlabeled.item(), 1)
    alone = measure_interleaved(
        extra_work_calls(models, inputs, samples),
        extra_repeats,
        warmup=1,
        memory=False)
    eq7 = alone['eq7'].median - alone['trivial'].median
    extra = (eq7 + alone['pseudo'].median) / med['a']
    result['cost_row'] = [
        f'R-{depth}', crop, fmt_seconds(eq7),
        fmt_seconds(alone['pseudo'].median), f'{extra:.2%}',
        f'{(med["d"] - med["b"]) / med["a"]:+.1%}',
        f'{(low["d"] - low["b"]) / low["a"]:+.1%}',
        fmt_seconds(med['d'] - med['c']),
        fmt_seconds(res[HEAD_FORWARD].median)
    ] + [counts[v] for v in counted] + [f'{share:.0%}']
    result['extra'] = extra
    result['note'] += (f'; (d) - (c) {fmt_seconds(med["d"] - med["c"])} vs '
                       f'{fmt_seconds(res[HEAD_FORWARD].median)}')
    return result


def run(quick: bool = False,
        variants: Sequence[str] = tuple(VARIANTS),
        depths: Optional[Sequence[int]] = None,
        crops: Optional[Sequence[int]] = None,
        repeats: Optional[int] = None) -> Section:
    """Run the benchmark.

    Args:
        quick (bool): Tiny sizes and one repeat (a smoke check).
        variants (Sequence[str]): The variants to run; (a) always runs.
            Defaults to all.
        depths (Sequence[int], optional): Backbones (default 50 and 101).
        crops (Sequence[int], optional): Crop sizes (default 256 and 512).
        repeats (int, optional): Timed rounds (default 3 on CPU, 5 on GPU).

    Returns:
        Section: Settings, tables and targets.
    """
    # Quick: one backbone (the variants differ only by depth) and crop, no
    # warm-up; batch 2, as the ASPP image pool's BN needs more than one
    # value per channel.
    if quick:
        default = (50, ), (32, ), 2, 1, 0
        extra_repeats = 1
    else:
        default = (50, 101), (256, 512), 8 if use_cuda() else 2, (
            5 if use_cuda() else 3), 1
        extra_repeats = 10
    depths = tuple(depths or default[0])
    crops = tuple(crops or default[1])
    batch_size, warmup = default[2], default[4]
    repeats = repeats or default[3]
    variants = ['a'] + [v for v in VARIANTS if v in variants and v != 'a']
    results = []
    targets = []
    for depth in depths:
        models = {v: build_variant(v, depth) for v in variants}
        for crop in crops:
            result = measure_crop(models, depth, crop, batch_size, repeats,
                                  warmup, extra_repeats)
            results.append(result)
            if 'extra' in result:
                targets.append(
                    Target(
                        f'segmentation R-{depth} {crop}px: loss + bank + '
                        'pseudo labels ((d) - (b), timed alone)',
                        f'{result["extra"]:.2%} of (a)', '<= 5% of (a)',
                        result['extra'] <= 0.05))
            if 'light' in result:
                time_ratio, memory_ratio = result['light']
                targets.append(
                    Target(
                        f'segmentation R-{depth} {crop}px: semi-supervised '
                        'step with the light head ((e) vs (a))',
                        f'time {time_ratio:.2f}x, peak memory '
                        f'{memory_ratio:.2f}x',
                        f'<= {LIGHT_TARGET:.2f}x each',
                        max(time_ratio, memory_ratio) <= LIGHT_TARGET))
        del models
        gc.collect()
    counted = [v for v in ('a', 'd', 'e') if v in variants]
    targets.append(
        Target(
            'segmentation: pseudo labels need no extra forward pass' +
            (' (nor the light head)' if 'e' in variants else ''),
            'backbone/decode-head forwards per step' +
            (', and (d) - (c) vs one decode-head forward' if 'extra' in
             results[0] else '') + ': ' + '; '.join(r['note']
                                                   for r in results),
            ', '.join(f'({v})' for v in counted) + ': 1/1 each',
            all(r['forwards'] for r in results)))
    headers = [
        'backbone', 'crop', 'variant', 'step time ratio', 'step median',
        'step min', 'peak step memory (MiB)', 'memory ratio'
    ] + (['max_memory_allocated (MiB)'] if use_cuda() else [])
    cost_headers = [
        'backbone', 'crop', 'Eq. 7 + bank update, alone',
        'pseudo labels, alone', '(d) - (b) alone, share of (a)',
        '(d) - (b) whole steps, median', '(d) - (b) whole steps, min',
        '(d) - (c), time', 'decode-head forward (no grad)'
    ] + [f'forwards backbone/head ({v})' for v in counted] + [
        'unlabelled pixels that took a pseudo label (d)'
    ]
    tables = [
        'Per training step (forward, backward, SGD step; no data '
        'loading); ratios against (a) of the same backbone and crop. '
        'Peak step memory: above what was resident before the step.\n\n' +
        markdown_table(headers, [row for r in results for row in r['rows']])
    ]
    if 'cost_row' in results[0]:
        tables.append(
            'Extra cost: the work (d) adds to (b) timed alone on the '
            "batch's tensors (median), as a share of the baseline step (a), "
            'and the same difference between whole steps (within the step '
            'noise: compare the median and min columns of the table above); '
            'forward calls counted in one step.\n\n' +
            markdown_table(cost_headers, [r['cost_row'] for r in results]))
    return Section(
        title='1. Segmentation: cost of each stream per training step',
        settings=settings(
            batch=batch_size,
            crops='/'.join(f'{c}px' for c in crops),
            backbones='/'.join(f'ResNet-{d}' for d in depths) +
            ' (DeepLabV3+, BN)',
            variants=', '.join(f'({v})' for v in variants),
            repeats=f'{repeats} interleaved rounds after {warmup} warm-up '
            'step(s); peak memory from one more step' +
            (f'; the extra work alone {extra_repeats} rounds after 1 '
             'warm-up call' if 'cost_row' in results[0] else ''),
            pseudo_label_threshold='1/C = 0.25'),
        tables=tables,
        targets=targets)


def main() -> None:
    """Command line: ``--quick`` and the subset options of :func:`run`."""
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        '--quick',
        action='store_true',
        help='tiny sizes and one repeat: a smoke check, not a measurement')
    parser.add_argument(
        '--variants', nargs='+', default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument('--depths', nargs='+', type=int)
    parser.add_argument('--crops', nargs='+', type=int)
    parser.add_argument('--repeats', type=int)
    args = parser.parse_args()
    print(
        render_section(
            run(args.quick, args.variants, args.depths, args.crops,
                args.repeats)))


if __name__ == '__main__':
    main()
