"""Stop (or skip) a training step whose loss is NaN or inf."""
import math
from typing import Dict, Optional

import torch
from mmengine.hooks import Hook
from mmengine.optim import OptimWrapper
from mmengine.registry import HOOKS


class NonFiniteLossError(RuntimeError):
    """A training loss that is NaN or inf."""


def _non_finite_terms(outputs: Optional[dict]) -> Dict[str, float]:
    """The loss terms (keys holding ``loss``) of a step that are not finite,
    the total ``loss`` left out when a term explains it."""
    bad = {}
    for key, value in (outputs or {}).items():
        if 'loss' not in key:
            continue
        if isinstance(value, torch.Tensor):
            if value.numel() != 1:
                if torch.isfinite(value).all():
                    continue
                value = float('nan')
            else:
                value = value.item()
        if isinstance(value, (int, float)) and not math.isfinite(value):
            bad[key] = value
    if len(bad) > 1:
        bad.pop('loss', None)
    return bad


@HOOKS.register_module()
class NonFiniteLossHook(Hook):
    """Stop training at the first NaN or inf loss, before it is saved.

    A diverged run (e.g. too high a learning rate) goes on with NaN weights:
    mmengine logs ``nan`` and keeps saving checkpoints, and validation keeps
    reporting numbers. This hook reads each step's loss terms (the
    ``outputs`` of ``after_train_iter``) and, with ``action='stop'``, raises
    :class:`NonFiniteLossError` naming the iteration and the non-finite
    terms. Its priority is above the logger's and the checkpoint hook's, so
    no checkpoint of the diverged step is written.

    With ``action='skip'`` the optimizer step of a non-finite loss is not
    taken (the gradients are dropped): the hook wraps the
    ``update_params`` of the runner's ``OptimWrapper``. Skipped steps are
    counted in the message hub (``non_finite_loss_skips``) and logged; more
    than ``max_skips`` in a row stops training as ``'stop'`` does.

    Args:
        action (str): ``'stop'`` or ``'skip'``. Defaults to ``'stop'``.
        max_skips (int): With ``'skip'``, the most non-finite steps in a row
            that are skipped before training stops. Defaults to 10.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, action: str = 'stop', max_skips: int = 10) -> None:
        if action not in ('stop', 'skip'):
            raise ValueError(
                f"action must be 'stop' or 'skip', got {action!r}")
        self.action = action
        self.max_skips = max_skips
        self.num_skipped = 0
        self.skips_in_a_row = 0
        self._skipped_this_step = False

    def before_train(self, runner) -> None:
        """With ``'skip'``, make the optimizer step skip non-finite losses."""
        if self.action != 'skip':
            return
        optim_wrapper = runner.optim_wrapper
        if not isinstance(optim_wrapper, OptimWrapper):
            raise TypeError("NonFiniteLossHook(action='skip') needs one "
                            'OptimWrapper, got '
                            f'{type(optim_wrapper).__name__}')
        update_params = optim_wrapper.update_params

        def update_finite_params(loss: torch.Tensor, *args, **kwargs):
            self._skipped_this_step = not bool(torch.isfinite(loss).all())
            if self._skipped_this_step:
                optim_wrapper.zero_grad()
                return
            return update_params(loss, *args, **kwargs)

        optim_wrapper.update_params = update_finite_params

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        """Raise, or count a skipped step, when a loss term is not finite."""
        bad = _non_finite_terms(outputs)
        if not bad and not self._skipped_this_step:
            self.skips_in_a_row = 0
            return
        terms = ', '.join(f'{key}={value}' for key, value in bad.items())
        where = f'iteration {runner.iter + 1} (epoch {runner.epoch + 1})'
        if self.action == 'stop':
            raise NonFiniteLossError(
                f'non-finite training loss at {where}: {terms or "loss"}. '
                'Training stopped before saving this state; lower the '
                "learning rate, or set NonFiniteLossHook(action='skip').")
        self._skipped_this_step = False
        self.num_skipped += 1
        self.skips_in_a_row += 1
        runner.message_hub.update_info('non_finite_loss_skips',
                                       self.num_skipped)
        if self.skips_in_a_row > self.max_skips:
            raise NonFiniteLossError(
                f'non-finite training loss at {where}: {terms or "loss"}, '
                f'{self.skips_in_a_row} steps in a row (max_skips='
                f'{self.max_skips}). Training stopped.')
        runner.logger.warning(
            f'non-finite training loss at {where}: {terms or "loss"}; step '
            f'skipped ({self.num_skipped} so far)')
