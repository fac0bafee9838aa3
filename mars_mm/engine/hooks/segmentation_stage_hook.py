"""The staged segmentation schedule of paper Sec. 5.2, 5.3 and 7.1."""
from typing import List, Optional, Sequence, Union

import torch
from mmengine.dist import all_reduce
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


@HOOKS.register_module()
class SegmentationStageHook(Hook):
    """Own the segmentation schedule: loss weights and online pseudo labels.

    `Wang et al. <https://arxiv.org/abs/2206.02180>`_ train in stages:
    contrastive pretraining (segmentation weight 0), then joint training
    (segmentation 1, contrastive 0.001), then the same with online pseudo
    labels, where unlabelled pixels take the segmentation head's confident
    predictions (refreshed at every step) in the contrastive stream (Sec.
    5.2). Each stage says whether pseudo labels are on and may set the two
    loss weights; a weight it leaves out is the model's own, as configured
    (``seg_loss_weight`` and ``contrast_loss_weight`` of the segmentor), so
    the config states lambda once. A stage starts at its ``begin``, counted
    from 0 as in mmengine's parameter schedulers, and lasts until the next
    one begins. The stage
    follows from the runner's epoch or iteration, so a resumed run continues
    in the stage it was in; every switch is logged.

    While pseudo labels are on, the hook also logs every
    ``pseudo_label_log_interval`` iterations the share of unlabelled pixels
    that took a pseudo label, in all and per class, summed over all ranks.

    The model (unwrapped from DDP) must offer
    ``set_loss_weights(seg_loss_weight, contrast_loss_weight)`` and, when a
    stage turns pseudo labels on, ``set_pseudo_labels(bool)`` and
    ``pop_pseudo_label_stats()``, as ``PseudoLabelEncoderDecoder`` does.

    Args:
        stages (Sequence[dict]): One dict per stage with the key
            ``begin`` and optionally ``seg_loss_weight`` and
            ``contrast_loss_weight`` (float; default: the model's),
            ``pseudo_labels`` (bool, default False) and ``name``.
            ``begin`` is an epoch or iteration (int), or a fraction of the
            run's ``max_epochs`` / ``max_iters`` (float in [0, 1)), so that
            lengthening the schedule moves the stages with it. The first
            stage begins at 0 and begins increase strictly.
        by_epoch (bool): Whether ``begin`` counts epochs or iterations.
            Defaults to True.
        pseudo_label_log_interval (int): Log the pseudo-label coverage
            every this many iterations. Defaults to 50.
    """

    priority = 'NORMAL'
    LOSS_WEIGHTS = ('seg_loss_weight', 'contrast_loss_weight')

    def __init__(self,
                 stages: Sequence[dict],
                 by_epoch: bool = True,
                 pseudo_label_log_interval: int = 50) -> None:
        if not stages:
            raise ValueError('stages must hold at least one stage')
        required = {'begin'}
        optional = set(self.LOSS_WEIGHTS) | {'pseudo_labels', 'name'}
        for i, stage in enumerate(stages):
            keys = set(stage)
            if not required <= keys or not keys <= required | optional:
                raise ValueError(
                    f'stage {i} must have keys {sorted(required)} (and '
                    f'optionally {sorted(optional)}), got {sorted(keys)}')
            begin = stage['begin']
            if isinstance(begin, float) and not 0 <= begin < 1:
                raise ValueError(
                    f'stage {i}: a float begin is a fraction of the run, '
                    f'in [0, 1); got {begin} (write an int for an epoch or '
                    'iteration)')
        if pseudo_label_log_interval < 1:
            raise ValueError('pseudo_label_log_interval must be >= 1, got '
                             f'{pseudo_label_log_interval}')
        self.stages = [dict(stage, pseudo_labels=stage.get(
            'pseudo_labels', False)) for stage in stages]
        self._check_begins([stage['begin'] for stage in self.stages])
        self.by_epoch = by_epoch
        self.pseudo_label_log_interval = pseudo_label_log_interval
        # Epochs or iterations; fractions wait for the run's length.
        begins = [stage['begin'] for stage in self.stages]
        self._begins: Optional[List[int]] = None if any(
            isinstance(begin, float) for begin in begins) else begins
        # The model's configured weights, read once: stages change them.
        self._model_weights: Optional[dict] = None
        self._current: Optional[int] = None

    @staticmethod
    def _check_begins(begins: Sequence[Union[int, float]]) -> None:
        if begins[0] != 0 or any(a >= b for a, b in zip(begins, begins[1:])):
            raise ValueError('stage begins must start at 0 and increase '
                             f'strictly, got {begins}')

    @staticmethod
    def resolve_begin(begin: Union[int, float], total: int) -> int:
        """The epoch or iteration a stage begins at.

        Args:
            begin (int | float): A stage's ``begin``: an epoch or iteration,
                or a fraction of the run.
            total (int): The run's ``max_epochs`` or ``max_iters``.

        Returns:
            int: ``begin`` itself, or ``round(begin * total)``.
        """
        return int(round(begin * total)) if isinstance(begin, float) \
            else int(begin)

    def stage_index(self, progress: int) -> int:
        """Index of the stage in force at an epoch or iteration.

        Args:
            progress (int): The 0-based epoch (``by_epoch``) or iteration.

        Returns:
            int: Index into ``stages``.
        """
        if self._begins is None:
            raise RuntimeError('stage begins given as fractions of the run '
                               'are resolved when training starts')
        return max(i for i, begin in enumerate(self._begins)
                   if begin <= progress)

    def _model(self, runner):
        """The runner's model, unwrapped from DDP."""
        model = runner.model
        return model.module if is_model_wrapper(model) else model

    def _switch(self, runner) -> None:
        """Apply the stage of the runner's progress if it changed."""
        progress = runner.epoch if self.by_epoch else runner.iter
        index = self.stage_index(progress)
        if index == self._current:
            return
        stage = self.stages[index]
        weights = {
            key: stage.get(key, self._model_weights[key])
            for key in self.LOSS_WEIGHTS
        }
        model = self._model(runner)
        model.set_loss_weights(**weights)
        if hasattr(model, 'set_pseudo_labels'):
            model.set_pseudo_labels(stage['pseudo_labels'])
        self._current = index
        unit = 'epoch' if self.by_epoch else 'iter'
        runner.logger.info(
            f'Stage {index + 1}/{len(self.stages)} '
            f'({stage.get("name", "unnamed")}) at {unit} {progress}: '
            f'seg_loss_weight={weights["seg_loss_weight"]}, '
            f'contrast_loss_weight={weights["contrast_loss_weight"]}, '
            f'pseudo labels {"on" if stage["pseudo_labels"] else "off"}')

    def before_train(self, runner) -> None:
        """Check the model, resolve the begins and apply the starting
        (possibly resumed) stage."""
        model = self._model(runner)
        needed = ['set_loss_weights']
        if any(stage['pseudo_labels'] for stage in self.stages):
            needed += ['set_pseudo_labels', 'pop_pseudo_label_stats']
        for method in needed:
            if not hasattr(model, method):
                raise TypeError(f'SegmentationStageHook needs a model with '
                                f'{method}() for these stages, got '
                                f'{type(model).__name__}')
        if self._model_weights is None:
            missing = [
                key for key in self.LOSS_WEIGHTS
                if not hasattr(model, key) and any(
                    key not in stage for stage in self.stages)
            ]
            if missing:
                raise TypeError(
                    f'SegmentationStageHook: a stage leaves {missing} to the '
                    f'model, and {type(model).__name__} has no such '
                    'attribute')
            self._model_weights = {
                key: getattr(model, key, None)
                for key in self.LOSS_WEIGHTS
            }
        total = runner.max_epochs if self.by_epoch else runner.max_iters
        self._begins = [
            self.resolve_begin(stage['begin'], total)
            for stage in self.stages
        ]
        self._check_begins(self._begins)
        self._current = None
        self._switch(runner)

    def before_train_epoch(self, runner) -> None:
        """Switch stage at an epoch boundary."""
        if self.by_epoch:
            self._switch(runner)

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        """Switch stage at an iteration boundary."""
        if not self.by_epoch:
            self._switch(runner)

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        """Log the pseudo-label coverage of the last interval."""
        if not any(stage['pseudo_labels'] for stage in self.stages) or \
                not self.every_n_train_iters(
                    runner, self.pseudo_label_log_interval):
            return
        num_unlabeled, num_pseudo = \
            self._model(runner).pop_pseudo_label_stats()
        # One collective so every rank logs the same global numbers.
        counts = torch.cat([num_unlabeled.view(1), num_pseudo]).double()
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
