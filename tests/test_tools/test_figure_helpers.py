from os import path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mars_mm.utils.figures import build_model, colourise, short_name

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def test_checkpoint_of_another_model_is_an_error_naming_it(tmp_path):
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs/demo/msl_resnet18_demo.py'))
    other = str(tmp_path / 'other.pth')
    torch.save(dict(state_dict=dict(weight=torch.zeros(2))), other)
    with pytest.raises(ValueError, match='other.pth does not fit the model '
                       'of .*msl_resnet18_demo.py'):
        build_model(cfg, other, 'cpu')


def test_labels_coloured_and_unlabeled_black():
    palette = np.array([[10, 20, 30], [200, 100, 0]], np.uint8)
    rgb = colourise(np.array([[0, 1], [255, 0]], np.uint8), palette)
    assert rgb.tolist() == [[[10, 20, 30], [200, 100, 0]],
                            [[0, 0, 0], [10, 20, 30]]]


def test_long_file_names_are_shortened_in_the_middle():
    assert short_name('/a/b/short.png') == 'short.png'
    name = short_name('/x/NLA_406370482EDR_F0000001AUT_04096M1.JPG', 24)
    assert name == 'NLA_406370...04096M1.JPG' and len(name) == 24
