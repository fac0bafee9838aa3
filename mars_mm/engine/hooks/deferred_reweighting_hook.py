"""Deferred re-weighting (DRW) schedule of LDAM-DRW (Cao et al. 2019)."""
from typing import Optional

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.optim import MultiStepLR
from mmengine.registry import HOOKS


@HOOKS.register_module()
class DeferredReweightingHook(Hook):
    """Turn class re-weighting on from an epoch on (Cao et al., Alg. 1).

    Paper: `Learning Imbalanced Datasets with Label-Distribution-Aware
    Margin Loss <https://arxiv.org/abs/1906.07413>`_. DRW trains with
    unweighted losses first and re-weights the classes only after the first
    learning-rate decay (epoch 160 of 200 in the paper). Before each
    training epoch this hook calls ``set_reweighting(epoch >= start)`` on
    each module of the model that has it (e.g. :class:`LDAMLoss`).

    Args:
        start_epoch (int, optional): The first re-weighted epoch (0-based,
            as ``runner.epoch``). Defaults to None: the first milestone of
            the runner's ``MultiStepLR`` scheduler, as in the paper, so that
            it follows the schedule.
    """

    priority = 'NORMAL'

    def __init__(self, start_epoch: Optional[int] = None) -> None:
        self.start_epoch = start_epoch

    def _start(self, runner) -> int:
        """The first re-weighted epoch, from the schedule if not given."""
        if self.start_epoch is not None:
            return self.start_epoch
        schedulers = runner.param_schedulers or []
        if isinstance(schedulers, dict):
            schedulers = [s for group in schedulers.values() for s in group]
        milestones = [
            min(scheduler.milestones) for scheduler in schedulers
            if isinstance(scheduler, MultiStepLR) and scheduler.milestones
        ]
        if not milestones:
            raise RuntimeError('DeferredReweightingHook needs start_epoch or '
                               'a MultiStepLR scheduler to take it from')
        return min(milestones)

    def before_train_epoch(self, runner) -> None:
        """Switch the re-weighting of the losses for this epoch.

        Args:
            runner (Runner): The runner.
        """
        enabled = runner.epoch >= self._start(runner)
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        found = False
        for module in model.modules():
            if callable(getattr(module, 'set_reweighting', None)):
                module.set_reweighting(enabled)
                found = True
        if not found:
            raise RuntimeError('DeferredReweightingHook found no module with '
                               'set_reweighting in the model')
        if enabled and runner.epoch == self._start(runner):
            print_log(f'DRW: class re-weighting on from epoch {runner.epoch}',
                      logger='current')
