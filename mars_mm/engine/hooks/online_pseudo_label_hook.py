"""Online pseudo labelling of paper Sec. 5.2: when it runs, what it does."""
from typing import Optional

import torch
from mmengine.dist import all_reduce
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


@HOOKS.register_module()
class OnlinePseudoLabelHook(Hook):
    """Switch on online pseudo labels from a given epoch or iteration.

    `Wang et al. <https://arxiv.org/abs/2206.02180>`_ let unlabelled pixels
    take the segmentation head's confident predictions (refreshed at every
    step) in the contrastive stream, once the model segments well (the last
    stage of training). From ``begin`` on (0-based, as mmengine's parameter
    schedulers count) this hook enables them; since the state follows from
    the runner's epoch or iteration, a resumed run gets it back. Every
    ``interval`` iterations it logs the fraction of unlabelled pixels that
    took a pseudo label, in all and per class, summed over all ranks.

    The model (unwrapped from DDP) must offer ``set_pseudo_labels(bool)``
    and ``pop_pseudo_label_stats()``, as ``PseudoLabelEncoderDecoder`` does.

    Args:
        begin (int): First epoch (``by_epoch``) or iteration with pseudo
            labels. Defaults to 0.
        by_epoch (bool): Whether ``begin`` counts epochs or iterations.
            Defaults to True.
        interval (int): Log the coverage every ``interval`` iterations.
            Defaults to 50.
    """

    priority = 'NORMAL'

    def __init__(self,
                 begin: int = 0,
                 by_epoch: bool = True,
                 interval: int = 50) -> None:
        if begin < 0:
            raise ValueError(f'begin must be >= 0, got {begin}')
        if interval < 1:
            raise ValueError(f'interval must be >= 1, got {interval}')
        self.begin = begin
        self.by_epoch = by_epoch
        self.interval = interval
        self._enabled: Optional[bool] = None

    @staticmethod
    def _model(runner):
        """The runner's model, unwrapped from DDP and checked."""
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        for method in ('set_pseudo_labels', 'pop_pseudo_label_stats'):
            if not hasattr(model, method):
                raise TypeError(f'OnlinePseudoLabelHook needs a model with '
                                f'{method}(), got {type(model).__name__}')
        return model

    def before_train(self, runner) -> None:
        """Forget the state of an earlier run: the next iteration sets it."""
        self._enabled = None

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        """Enable pseudo labels from ``begin`` on (disable them before)."""
        progress = runner.epoch if self.by_epoch else runner.iter
        enabled = progress >= self.begin
        if enabled == self._enabled:
            return
        self._model(runner).set_pseudo_labels(enabled)
        self._enabled = enabled
        unit = 'epoch' if self.by_epoch else 'iter'
        runner.logger.info(f'Online pseudo labels '
                           f'{"on" if enabled else "off"} at {unit} '
                           f'{progress}')

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        """Log the pseudo-label coverage of the last ``interval`` iters."""
        if not self.every_n_train_iters(runner, self.interval):
            return
        model = self._model(runner)
        num_unlabelled, num_pseudo = model.pop_pseudo_label_stats()
        # One collective so every rank logs the same global numbers.
        counts = torch.cat([num_unlabelled.view(1), num_pseudo]).double()
        all_reduce(counts, op='sum')
        if counts[0] == 0:
            return
        fractions = (counts[1:] / counts[0]).tolist()
        classes = runner.train_dataloader.dataset.metainfo.get(
            'classes', range(len(fractions)))
        per_class = ', '.join(f'{name} {100 * frac:.2f}%'
                              for name, frac in zip(classes, fractions))
        runner.logger.info(
            f'Pseudo labels: {100 * sum(fractions):.2f}% of '
            f'{int(counts[0])} unlabelled pixels ({per_class})')
