"""Batch normalisation of one forward pass: with the batch's statistics
(updating the running ones or not) or with the running ones."""
from contextlib import contextmanager
from typing import Iterator

from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

BATCH_NORM_MODES = ('batch', 'no_update', 'running')


@contextmanager
def batch_norm_mode(module: nn.Module, mode: str) -> Iterator[None]:
    """Within the context, the batch norm layers of ``module`` that keep
    running statistics normalise as ``mode`` says (in training; evaluation
    is left as it is); gradients flow in every mode.

    Args:
        module (nn.Module): The model.
        mode (str): ``'batch'``: as in training, with the batch's
            statistics, folded into the running ones. ``'no_update'``: with
            the batch's statistics, the running ones left as they are.
            ``'running'``: with the running statistics, left as they are,
            as in evaluation.

    Yields:
        None
    """
    if mode not in BATCH_NORM_MODES:
        raise ValueError(f'mode must be one of {BATCH_NORM_MODES}, got '
                         f'{mode!r}')
    if mode == 'batch':
        # Nothing to change: no walk over the modules at every step.
        yield
        return
    layers = [
        m for m in module.modules()
        if isinstance(m, _BatchNorm) and m.track_running_stats and m.training
    ]
    for layer in layers:
        if mode == 'no_update':
            # Training-mode batch norm without running statistics to track
            # normalises with the batch's and updates nothing.
            layer.track_running_stats = False
        elif mode == 'running':
            layer.train(False)
    try:
        yield
    finally:
        for layer in layers:
            layer.track_running_stats = True
            layer.train(True)
