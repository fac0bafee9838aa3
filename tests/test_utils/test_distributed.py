import pytest
import torch
import torch.distributed as torch_dist
from mmengine.config import Config

from mars_mm.utils.distributed import setup_cpu_distributed


@pytest.fixture
def no_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)


@pytest.mark.parametrize('launcher', ['none', 'slurm', 'mpi'])
def test_other_launchers_are_left_to_mmengine(no_cuda, launcher):
    cfg = Config(dict(launcher=launcher, sync_bn='torch'))
    setup_cpu_distributed(cfg)
    assert 'model_wrapper_cfg' not in cfg and cfg.sync_bn == 'torch'
    assert not torch_dist.is_initialized()


def test_torchrun_on_cpu_starts_gloo_and_drops_device_ids(
        no_cuda, monkeypatch, tmp_path):
    monkeypatch.setenv('RANK', '0')
    monkeypatch.setenv('WORLD_SIZE', '1')
    monkeypatch.setenv('MASTER_ADDR', '127.0.0.1')
    monkeypatch.setenv('MASTER_PORT', '29533')
    cfg = Config(
        dict(
            launcher='pytorch',
            sync_bn='torch',
            model_wrapper_cfg=dict(
                type='MMDistributedDataParallel',
                find_unused_parameters=True)))
    try:
        setup_cpu_distributed(cfg)
        assert torch_dist.is_initialized()
        assert torch_dist.get_backend() == 'gloo'
    finally:
        if torch_dist.is_initialized():
            torch_dist.destroy_process_group()
    # The user's wrapper settings are kept; only device_ids changes.
    assert cfg.model_wrapper_cfg == dict(
        type='MMDistributedDataParallel',
        find_unused_parameters=True,
        device_ids=None)
    assert 'sync_bn' not in cfg


def test_with_cuda_nothing_changes(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    cfg = Config(dict(launcher='pytorch'))
    setup_cpu_distributed(cfg)
    assert 'model_wrapper_cfg' not in cfg
    assert not torch_dist.is_initialized()
