"""Labels checked on every rank at once, so that no rank waits for a failed
one."""
from typing import Optional

import torch
from mmengine.dist import all_reduce, get_dist_info


class InvalidLabelError(ValueError):
    """Labels outside ``[0, num_classes)`` that are not ``ignore_index``."""


def check_labels_on_all_ranks(labels: torch.Tensor,
                              num_classes: int,
                              ignore_index: Optional[int] = 255,
                              what: str = 'labels') -> None:
    """Raise :class:`InvalidLabelError` on every rank if any rank holds an
    invalid label.

    A rank that raised alone before a collective (the memory bank's
    all-reduce, SyncBN, DDP's gradient all-reduce) would leave the others
    waiting in it until the process group times out. So each rank counts its
    invalid labels and their smallest and largest value, one all-reduce of a
    (world_size, 3) tensor shares the counts, and every rank then raises the
    same error, naming each offending rank; the offending ranks add their
    own distinct bad values. Call it on every rank at the same point of the
    step, before any collective that the labels feed. Without
    ``torch.distributed`` it is a local check.

    Args:
        labels (torch.Tensor): Integer labels of any shape.
        num_classes (int): Labels must lie in ``[0, num_classes)``...
        ignore_index (int, optional): ...or equal this; None for labels
            without an ignored value (classification). Defaults to 255.
        what (str): What the labels are, for the message. Defaults to
            ``'labels'``.

    Raises:
        InvalidLabelError: On every rank, if a label of any rank is invalid.
    """
    rank, world_size = get_dist_info()
    invalid = (labels < 0) | (labels >= num_classes)
    if ignore_index is not None:
        invalid &= labels != ignore_index
    bad = labels[invalid]
    # Counts, minimum and maximum, exact in float64 for any label value.
    report = torch.zeros(world_size, 3, dtype=torch.float64,
                         device=labels.device)
    if bad.numel():
        report[rank, 0] = bad.numel()
        report[rank, 1] = bad.min()
        report[rank, 2] = bad.max()
    all_reduce(report, op='sum')
    if not report[:, 0].any():
        return
    offenders = [
        f'rank {r}: {int(n)} value(s) in [{int(lo)}, {int(hi)}]'
        for r, (n, lo, hi) in enumerate(report.tolist()) if n
    ]
    message = f'{what} outside [0, {num_classes})'
    if ignore_index is not None:
        message += f' that are not ignore_index={ignore_index}'
    message += ': ' + '; '.join(offenders)
    if bad.numel():
        message += (f'. This rank ({rank}) holds the values '
                    f'{bad.unique()[:20].tolist()}')
    if world_size > 1:
        message += f'. Every one of the {world_size} ranks stops here'
    raise InvalidLabelError(message)
