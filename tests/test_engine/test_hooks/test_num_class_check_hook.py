import os
import os.path as osp
import subprocess
import sys
from types import SimpleNamespace

import pytest
import torch.nn as nn
from mmengine.model import BaseModel, BaseTTAModel

from mars_mm.engine.hooks import NumClassCheckHook
from mars_mm.engine.hooks.num_class_check_hook import NumClassMismatchError

REPO_ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))


class Head(nn.Module):

    def __init__(self, num_classes):
        super().__init__()
        self.num_classes = num_classes


def fake_runner(model, num_dataset_classes):
    dataset = SimpleNamespace(
        metainfo=dict(classes=[f'c{i}' for i in range(num_dataset_classes)]))
    loader = SimpleNamespace(dataset=dataset)
    return SimpleNamespace(model=model, train_dataloader=loader,
                           val_dataloader=loader, test_dataloader=loader)


def segmentor(decode, *auxiliary):
    model = nn.Module()
    model.decode_head = Head(decode)
    model.auxiliary_head = nn.ModuleList([Head(n) for n in auxiliary])
    # A pretext head with other outputs is not a class head.
    model.rotation_head = Head(4)
    return model


def test_matching_heads_pass_in_every_loop():
    hook = NumClassCheckHook()
    runner = fake_runner(segmentor(24, 24, 24), 24)
    hook.before_train(runner)
    hook.before_val(runner)
    hook.before_test(runner)


@pytest.mark.parametrize('heads,key', [
    ((19, 24, 24), 'model.decode_head.num_classes is 19'),
    ((24, 24, 19), 'model.auxiliary_head.1.num_classes is 19'),
])
def test_a_differing_head_names_itself_and_both_numbers(heads, key):
    runner = fake_runner(segmentor(*heads), 24)
    with pytest.raises(NumClassMismatchError) as error:
        NumClassCheckHook().before_test(runner)
    assert str(error.value).startswith(
        f'{key}, but the test dataset (SimpleNamespace) has 24 classes')


class FirstViewTTA(BaseTTAModel):
    """The smallest concrete TTA wrapper (``merge_preds`` is abstract)."""

    def merge_preds(self, data_samples_list):
        return [views[0] for views in data_samples_list]


class Classifier(BaseModel):
    """A model with a classification head of 24 classes."""

    def __init__(self):
        super().__init__()
        self.head = Head(24)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        return inputs


def test_classifier_head_inside_a_tta_wrapper():
    tta = FirstViewTTA(module=Classifier())
    with pytest.raises(NumClassMismatchError, match='has 19 classes'):
        NumClassCheckHook().before_test(fake_runner(tta, 19))


def test_dataset_without_classes_is_not_checked():
    runner = fake_runner(segmentor(3), 0)
    runner.train_dataloader.dataset.metainfo = {}
    NumClassCheckHook().before_train(runner)


def test_demo_config_with_another_class_count_stops_before_training(
        demo_data_root, tmp_path):
    """``--cfg-options model.decode_head.num_classes=5`` on 4 AI4Mars
    classes: today's silent run becomes an error naming both numbers."""
    result = subprocess.run(
        [sys.executable, 'tools/train.py',
         'configs/demo/ai4mars_deeplabv3plus_demo.py', '--work-dir',
         str(tmp_path), '--cfg-options', 'model.decode_head.num_classes=5',
         f"train_dataloader.dataset.data_root={demo_data_root['ai4mars']}",
         f"val_dataloader.dataset.data_root={demo_data_root['ai4mars']}",
         'train_dataloader.num_workers=0',
         'train_dataloader.persistent_workers=False'],
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    assert result.returncode != 0
    assert ('model.decode_head.num_classes is 5, but the train dataset '
            '(AI4MarsDataset) has 4 classes') in result.stderr
    assert not list(tmp_path.glob('*.pth'))
