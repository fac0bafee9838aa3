from types import SimpleNamespace

import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from mars_mm.engine.hooks import MissingClassWarningHook

CLASSES = ('soil', 'bedrock', 'sand', 'big rock')


class RecordingLogger:

    def __init__(self):
        self.warnings = []

    def warning(self, message):
        self.warnings.append(message)


def sample(labels) -> SegDataSample:
    data_sample = SegDataSample()
    data_sample.gt_sem_seg = PixelData(
        data=torch.tensor(labels, dtype=torch.uint8)[None])
    return data_sample


class FakeLoader:
    """A train dataloader of ``num_batches`` batches over the classes."""

    def __init__(self, num_batches: int):
        self.num_batches = num_batches
        self.dataset = SimpleNamespace(metainfo=dict(classes=CLASSES))

    def __len__(self) -> int:
        return self.num_batches


def fake_runner(num_batches: int):
    return SimpleNamespace(
        logger=RecordingLogger(), train_dataloader=FakeLoader(num_batches))


def test_classes_missing_from_the_first_pass_are_named_once():
    runner = fake_runner(num_batches=2)
    hook = MissingClassWarningHook()
    # Class 2 (sand) only in the second pass; 3 (big rock) never; 255 and
    # unlabelled images are not classes.
    batches = [
        [sample([[0, 255], [1, 255]]), sample([[255, 255], [255, 255]])],
        [sample([[1, 1], [0, 255]])],
        [sample([[2, 2], [3, 2]])],
    ]
    for index, data_samples in enumerate(batches):
        hook.after_train_iter(runner, index, dict(data_samples=data_samples))
        if index == 0:
            assert runner.logger.warnings == []
    assert len(runner.logger.warnings) == 1
    message = runner.logger.warnings[0]
    assert 'sand, big rock' in message and 'soil' not in message


def test_every_class_seen_gives_no_warning():
    runner = fake_runner(num_batches=1)
    hook = MissingClassWarningHook()
    hook.after_train_iter(runner, 0,
                          dict(data_samples=[sample([[0, 1], [2, 3]])]))
    assert runner.logger.warnings == []
