"""Benchmark 2: why a memory bank. Dense all-pairs contrast (Eq. 6) vs ours.

The paper's naive element-wise contrast (Eq. 6) compares every labelled
element of the embedding map with every other: N elements make N^2 pairs,
268M at 128 x 128. Our loss (Eq. 7) compares each element with C memory-bank
class centers: N x C. Both are timed forward and backward (the gradient with
respect to the embedding), with their peak memory, on one image's map of
N = 32^2, 64^2 and 128^2 elements, D = 128, 4 classes, every element
labelled (the paper's count). Ours includes the bank update
(``ClassMemoryBank.update``) before the loss, as the head runs it.

The paper's batch of 16 at 128^2 is computed from the measured 128^2 rows,
not run: all-pairs within each image (as Eq. 6 is written) is 16 times one
image's cost; across the batch it is 256 times.

Run: ``python -m benchmarks.bench_bank_vs_all_pairs [--quick]``.
"""
from typing import Callable, Dict

import torch
import torch.nn.functional as F

from benchmarks.common import (MiB, Section, cli, device, fmt_mib, fmt_ratio,
                               fmt_seconds, markdown_table,
                               measure_interleaved, settings, use_cuda)
from mars_mm.models.losses import MemoryBankContrastLoss
from mars_mm.models.utils import ClassMemoryBank

FEAT_DIM = 128
NUM_CLASSES = 4
TEMPERATURE = 0.07
PAPER_BATCH = 16


def all_pairs_contrast_loss(feats: torch.Tensor,
                            labels: torch.Tensor,
                            temperature: float = TEMPERATURE) -> torch.Tensor:
    """Eq. 6: supervised contrast over all pairs of labelled elements.

    ``-mean_i log(sum_{j: c_j = c_i} exp(K(f_i, f_j) / t) /
    sum_j exp(K(f_i, f_j) / t))`` with j != i: as written, j = i would put
    the element's own exp(1 / t) in both sums, where it dominates. A
    reference for the benchmark only: it is N^2 in time and memory.

    Args:
        feats (torch.Tensor): Labelled elements (N, D).
        labels (torch.Tensor): Their classes (N,); each class present must
            have at least two elements.
        temperature (float): t. Defaults to 0.07, as Eq. 7's.

    Returns:
        torch.Tensor: The loss, a scalar.
    """
    feats = F.normalize(feats, dim=1)
    logits = feats @ feats.t() / temperature
    # In place: neither the product nor the division keeps its output for
    # the backward pass.
    logits.fill_diagonal_(float('-inf'))
    same_class = labels[:, None] == labels[None, :]
    positives = logits.masked_fill(~same_class, float('-inf'))
    return (torch.logsumexp(logits, dim=1) -
            torch.logsumexp(positives, dim=1)).mean()


def make_calls(side: int) -> Dict[str, Callable[[], None]]:
    """Both losses' forward and backward on a ``side`` x ``side`` map.

    Args:
        side (int): Side of the embedding map.

    Returns:
        dict[str, Callable]: ``all-pairs (Eq. 6)`` and ``bank (Eq. 7)``.
    """
    gen = torch.Generator().manual_seed(0)
    num = side * side
    feats = torch.randn(num, FEAT_DIM, generator=gen).to(device())
    labels = torch.randint(0, NUM_CLASSES, (num, ), generator=gen).to(device())
    feats.requires_grad_(True)
    bank = ClassMemoryBank(NUM_CLASSES, FEAT_DIM).to(device())
    bank.update(feats, labels)  # a center for every class
    bank_loss = MemoryBankContrastLoss(temperature=TEMPERATURE)

    def all_pairs() -> None:
        torch.autograd.grad(all_pairs_contrast_loss(feats, labels), feats)

    def with_bank() -> None:
        bank.update(feats, labels)
        centers, valid = bank.centers()
        torch.autograd.grad(bank_loss(feats, labels, centers, valid), feats)

    return {'all-pairs (Eq. 6)': all_pairs, 'bank (Eq. 7)': with_bank}


def run(quick: bool = False) -> Section:
    """Run the benchmark.

    Args:
        quick (bool): Tiny sizes and one repeat (a smoke check).

    Returns:
        Section: Settings, tables and targets.
    """
    sides = (16, 32) if quick else (32, 64, 128)
    rows = []
    for side in sides:
        # All-pairs on 128^2 takes 15-40 s a call on two CPU cores.
        repeats = 1 if quick else (3 if side >= 128 else 5)
        res = measure_interleaved(make_calls(side), repeats)
        pairs, bank = res['all-pairs (Eq. 6)'], res['bank (Eq. 7)']
        num = side * side
        rows.append([
            f'{side}^2 = {num:,}', f'{num * num / 1e6:,.1f}M',
            fmt_seconds(pairs.median),
            fmt_seconds(bank.median),
            fmt_ratio(pairs.median, bank.median),
            fmt_mib(pairs.peak_mib),
            fmt_mib(bank.peak_mib),
            fmt_ratio(pairs.peak_mib, bank.peak_mib)
        ] + ([fmt_mib(pairs.max_allocated_mib),
              fmt_mib(bank.max_allocated_mib)] if use_cuda() else []))
    headers = [
        'elements N', 'pairs N^2', 'all-pairs time', 'bank time',
        'time ratio all-pairs / bank', 'all-pairs peak (MiB)',
        'bank peak (MiB)', 'memory ratio'
    ] + (['all-pairs max_memory_allocated (MiB)',
          'bank max_memory_allocated (MiB)'] if use_cuda() else [])
    # The largest map measured, scaled to the paper's batch.
    side = sides[-1]
    num = side**2
    per_image_pairs = num * num
    batch_pairs = (PAPER_BATCH * num)**2
    bytes_per_pair = pairs.peak / per_image_pairs
    computed = markdown_table(
        [f'batch {PAPER_BATCH} at {side}^2 (computed, not run)', 'pairs',
         'fp32 N x N matrix', 'all-pairs peak at the measured '
         f'{bytes_per_pair:.1f} B/pair', 'all-pairs time', 'bank time'],
        [[
            'all-pairs within each image (Eq. 6), all at once',
            f'{PAPER_BATCH * per_image_pairs / 1e9:.2f}G',
            f'{PAPER_BATCH} x {per_image_pairs * 4 / 2**30:.2f} GiB',
            f'{PAPER_BATCH * pairs.peak / 2**30:.1f} GiB',
            fmt_seconds(PAPER_BATCH * pairs.median),
            fmt_seconds(PAPER_BATCH * bank.median)
        ],
         [
             'all-pairs across the batch', f'{batch_pairs / 1e9:.1f}G',
             f'{batch_pairs * 4 / 2**30:.0f} GiB',
             f'{bytes_per_pair * batch_pairs / 2**30:,.0f} GiB',
             fmt_seconds(PAPER_BATCH**2 * pairs.median),
             fmt_seconds(PAPER_BATCH * bank.median)
         ]])
    return Section(
        title='2. Why a bank: all-pairs contrast (Eq. 6) vs the bank loss '
        '(Eq. 7)',
        settings=settings(
            maps='/'.join(f'{s}^2' for s in sides),
            images=1,
            feat_dim=FEAT_DIM,
            classes=NUM_CLASSES,
            labelled='all elements',
            repeats=('1' if quick else '5 (3 at 128^2)') +
            ' interleaved rounds after 1 warm-up call; peak memory from '
            'one more call'),
        tables=[
            'Forward + backward (gradient to the embedding); the bank loss '
            'includes the bank update. Peak memory above the start of the '
            'call.\n\n' + markdown_table(headers, rows),
            f'Scaled from the {side}^2 row ({side}^2 = {num:,} elements per '
            f'image; {fmt_mib(pairs.peak / MiB)} MiB all-pairs peak per '
            'image; times scale with the pairs, the bank linearly).\n\n' +
            computed
        ])


if __name__ == '__main__':
    cli(run, __doc__)
