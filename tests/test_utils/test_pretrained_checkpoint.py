import pytest
import torch
from mmengine.config import Config

from mars_mm.utils import MissingCheckpointError, check_pretrained_checkpoints


def config_with_init(checkpoint: str) -> Config:
    """A model whose head holds a list of init_cfgs, one ``Pretrained``."""
    return Config(dict(model=dict(type='M', head=dict(init_cfg=[
        dict(type='Normal', std=0.01),
        dict(type='Pretrained', checkpoint=checkpoint, prefix='head.'),
    ]))))


def test_existing_file_and_urls_pass(tmp_path):
    path = str(tmp_path / 'weights.pth')
    torch.save(dict(state_dict={}), path)
    check_pretrained_checkpoints(config_with_init(path))
    check_pretrained_checkpoints(
        config_with_init('https://example.org/weights.pth'))
    check_pretrained_checkpoints(Config(dict(model=dict(type='M'))))


def test_missing_file_names_it_and_its_key(tmp_path):
    path = str(tmp_path / 'absent.pth')
    with pytest.raises(MissingCheckpointError) as error:
        check_pretrained_checkpoints(config_with_init(path))
    key = 'model.head.init_cfg.1.checkpoint'
    # No pretrained_url / pretrain_config in this config: no source named.
    assert str(error.value) == (
        f'{path}: pretrained checkpoint not found ({key}). Or use another '
        f'file: --cfg-options {key}=PATH')
    assert isinstance(error.value, FileNotFoundError)
