"""The three-stage segmentation schedule of paper Sec. 5.3 and 7.1."""
from typing import Optional, Sequence

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS


@HOOKS.register_module()
class SegmentationStageHook(Hook):
    """Switch the loss weights of the segmentation and contrastive streams.

    `Wang et al. <https://arxiv.org/abs/2206.02180>`_ train in stages:
    contrastive pretraining (segmentation weight 0), then joint training
    (segmentation 1, contrastive 0.001), then the same with online pseudo
    labels (switched by ``OnlinePseudoLabelHook``). Each stage starts at its
    ``begin`` epoch (or iteration, ``by_epoch=False``), counted from 0 as in
    mmengine's parameter schedulers, and lasts until the next one begins.
    The stage follows from the runner's epoch or iteration, so a resumed
    run continues in the stage it was in; every switch is logged.

    The model (unwrapped from DDP) must offer
    ``set_loss_weights(seg_loss_weight, contrast_loss_weight)``, as
    ``PseudoLabelEncoderDecoder`` does.

    Args:
        stages (Sequence[dict]): One dict per stage with keys ``begin``
            (int; the first stage begins at 0), ``seg_loss_weight`` and
            ``contrast_loss_weight`` (float), and optionally ``name``.
        by_epoch (bool): Whether ``begin`` counts epochs or iterations.
            Defaults to True.
    """

    priority = 'NORMAL'

    def __init__(self, stages: Sequence[dict], by_epoch: bool = True) -> None:
        if not stages:
            raise ValueError('stages must hold at least one stage')
        required = {'begin', 'seg_loss_weight', 'contrast_loss_weight'}
        for i, stage in enumerate(stages):
            keys = set(stage)
            if not required <= keys or not keys <= required | {'name'}:
                raise ValueError(
                    f'stage {i} must have keys {sorted(required)} (and '
                    f'optionally name), got {sorted(keys)}')
        begins = [stage['begin'] for stage in stages]
        if begins[0] != 0 or any(a >= b for a, b in zip(begins, begins[1:])):
            raise ValueError('stage begins must start at 0 and increase '
                             f'strictly, got {begins}')
        self.stages = [dict(stage) for stage in stages]
        self.by_epoch = by_epoch
        self._current: Optional[int] = None

    def stage_index(self, progress: int) -> int:
        """Index of the stage in force at an epoch or iteration.

        Args:
            progress (int): The 0-based epoch (``by_epoch``) or iteration.

        Returns:
            int: Index into ``stages``.
        """
        return max(i for i, stage in enumerate(self.stages)
                   if stage['begin'] <= progress)

    def _switch(self, runner) -> None:
        """Apply the stage of the runner's progress if it changed."""
        progress = runner.epoch if self.by_epoch else runner.iter
        index = self.stage_index(progress)
        if index == self._current:
            return
        stage = self.stages[index]
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        if not hasattr(model, 'set_loss_weights'):
            raise TypeError('SegmentationStageHook needs a model with '
                            'set_loss_weights(seg_loss_weight, '
                            'contrast_loss_weight), got '
                            f'{type(model).__name__}')
        model.set_loss_weights(stage['seg_loss_weight'],
                               stage['contrast_loss_weight'])
        self._current = index
        unit = 'epoch' if self.by_epoch else 'iter'
        runner.logger.info(
            f'Stage {index + 1}/{len(self.stages)} '
            f'({stage.get("name", "unnamed")}) at {unit} {progress}: '
            f'seg_loss_weight={stage["seg_loss_weight"]}, '
            f'contrast_loss_weight={stage["contrast_loss_weight"]}')

    def before_train(self, runner) -> None:
        """Apply the stage of the (possibly resumed) starting point."""
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
