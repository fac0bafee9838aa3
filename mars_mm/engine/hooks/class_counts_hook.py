"""Give the class-count losses the training set's class counts."""
from typing import Optional

import numpy as np
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS

from mars_mm.datasets.samplers.class_balanced_sampler import _read_labels


@HOOKS.register_module()
class ClassCountsHook(Hook):
    """Set ``n_c`` on every module with ``set_class_counts`` before training.

    The class-balanced loss (Cui et al. 2019) and the LDAM loss (Cao et al.
    2019) depend on how many training samples each class has. Rather than
    restating the counts in a config, this hook counts the labels of the
    training dataset (without loading images, as ``ClassBalancedSampler``
    does) and calls ``set_class_counts(counts)`` on each module of the
    model that has it.

    Args:
        num_classes (int, optional): The length of the counts. Defaults to
            None: the number of the dataset's ``metainfo['classes']``, else
            the largest label + 1.
    """

    priority = 'NORMAL'

    def __init__(self, num_classes: Optional[int] = None) -> None:
        self.num_classes = num_classes

    def before_train(self, runner) -> None:
        """Count the training labels and hand them to the losses.

        Args:
            runner (Runner): The runner.
        """
        dataset = runner.train_dataloader.dataset
        labels = _read_labels(dataset)
        num_classes = self.num_classes
        if num_classes is None:
            classes = getattr(dataset, 'metainfo', {}).get('classes')
            num_classes = len(classes) if classes else int(labels.max()) + 1
        counts = np.bincount(labels, minlength=num_classes).tolist()
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        targets = [
            name for name, module in model.named_modules()
            if callable(getattr(module, 'set_class_counts', None))
        ]
        if not targets:
            raise RuntimeError('ClassCountsHook found no module with '
                               'set_class_counts in the model')
        for name, module in model.named_modules():
            if name in targets:
                module.set_class_counts(counts)
        print_log(f'ClassCountsHook: class counts {counts} set on {targets}',
                  logger='current')
