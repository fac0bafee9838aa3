"""Stop a run whose heads predict another number of classes than its data."""
from typing import Iterator, Tuple

import torch.nn as nn
from mmengine.hooks import Hook
from mmengine.model import BaseTTAModel, is_model_wrapper
from mmengine.registry import HOOKS

# The heads that classify into the dataset's classes: mmpretrain's
# ImageClassifier.head, mmseg's decode_head and auxiliary_head (a module list
# when several). Other heads (a rotation or jigsaw pretext head, a
# projector) predict something else and are left alone.
CLASS_HEADS = ('head', 'decode_head', 'auxiliary_head')


class NumClassMismatchError(ValueError):
    """A head's ``num_classes`` differs from the dataset's classes."""


def _class_heads(model: nn.Module) -> Iterator[Tuple[str, int]]:
    """(config key, num_classes) of each class head of the model."""
    for name in CLASS_HEADS:
        head = getattr(model, name, None)
        heads = head if isinstance(head, nn.ModuleList) else [head]
        for index, module in enumerate(heads):
            num_classes = getattr(module, 'num_classes', None)
            if isinstance(num_classes, int) and num_classes > 0:
                key = f'model.{name}' + (f'.{index}' if len(heads) > 1 else '')
                yield key, num_classes


@HOOKS.register_module()
class NumClassCheckHook(Hook):
    """Check each class head's ``num_classes`` against the dataset's classes.

    A head configured for 24 classes trains silently on a dataset of 19 (the
    labels simply never reach the last outputs), and a checkpoint tested on
    another class list reports meaningless numbers. Before training,
    validation and testing, this compares ``num_classes`` of the model's
    class heads (``head``; ``decode_head``, ``auxiliary_head``) with
    ``len(dataset.metainfo['classes'])`` of that loop's dataset and stops
    with both numbers. As mmdet's ``NumClassCheckHook``.
    """

    def before_train(self, runner) -> None:
        self._check(runner, runner.train_dataloader, 'train')

    def before_val(self, runner) -> None:
        self._check(runner, runner.val_dataloader, 'val')

    def before_test(self, runner) -> None:
        self._check(runner, runner.test_dataloader, 'test')

    @staticmethod
    def _check(runner, dataloader, split: str) -> None:
        classes = getattr(dataloader.dataset, 'metainfo', {}).get('classes')
        if not classes:
            return
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        # tools/test.py --tta wraps the model (mmseg's SegTTAModel, ...).
        if isinstance(model, BaseTTAModel):
            model = model.module
        for key, num_classes in _class_heads(model):
            if num_classes != len(classes):
                raise NumClassMismatchError(
                    f'{key}.num_classes is {num_classes}, but the {split} '
                    f'dataset ({type(dataloader.dataset).__name__}) has '
                    f'{len(classes)} classes: set {key}.num_classes='
                    f'{len(classes)}, or give the dataset the class list '
                    'the model was trained on')
