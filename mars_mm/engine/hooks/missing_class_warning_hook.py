"""Warn about classes that no labelled pixel of a training epoch shows."""
from typing import Optional, Sequence

import torch
from mmengine.hooks import Hook
from mmengine.registry import HOOKS


@HOOKS.register_module()
class MissingClassWarningHook(Hook):
    """Name the classes without a labelled pixel in the first training pass.

    A segmentation dataset's classes are in its label pixels, which the
    dataset does not read when it lists its images (``MSLSurfaceDataset``
    warns from its split file instead), so a split without, say, any big
    rock pixel trains silently. This hook counts the labels of the batches
    the model trains on (``gt_sem_seg`` of each data sample, the ignore
    index and unlabelled images left out) over the first pass through the
    train dataloader, then warns once, naming each class never seen, and
    stops counting: one ``bincount`` per batch, no extra reading.
    """

    def __init__(self) -> None:
        self._counts: Optional[torch.Tensor] = None
        self._batches_seen = 0
        self._done = False

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if self._done or not data_batch:
            return
        classes = runner.train_dataloader.dataset.metainfo.get('classes')
        if not classes:
            self._done = True
            return
        if self._counts is None:
            self._counts = torch.zeros(len(classes), dtype=torch.long)
        for sample in data_batch.get('data_samples', []):
            if 'gt_sem_seg' not in sample:
                continue
            labels = sample.gt_sem_seg.data.flatten().long().cpu()
            labels = labels[(labels >= 0) & (labels < len(classes))]
            self._counts += torch.bincount(labels, minlength=len(classes))
        self._batches_seen += 1
        if self._batches_seen >= len(runner.train_dataloader):
            self._warn(runner, classes)

    def _warn(self, runner, classes: Sequence[str]) -> None:
        self._done = True
        missing = [name for name, count in zip(classes, self._counts)
                   if count == 0]
        if missing:
            runner.logger.warning(
                f'No labelled pixel of class(es) {", ".join(missing)} in '
                f'the first pass over the training data '
                f'({type(runner.train_dataloader.dataset).__name__}, '
                f'{self._batches_seen} batches): the model cannot learn '
                'them; check the split and the label maps')
