"""The one place where mars_mm prepares torch.distributed for a CPU run."""
import os

import torch
import torch.distributed as torch_dist
from mmengine.config import Config


def setup_cpu_distributed(cfg: Config) -> None:
    """Let mmengine's launchers run on machines without a GPU.

    With CUDA present nothing changes: mmengine's ``init_dist`` sets the
    device and starts NCCL as usual. Without CUDA, two things in mmengine
    assume a GPU: ``init_dist`` calls ``torch.cuda.set_device``
    unconditionally, and the DDP wrapper is given
    ``device_ids=[LOCAL_RANK]``. So, for ``launcher='pytorch'`` (torchrun)
    on CPU, this starts the gloo process group before the Runner is built
    (the Runner then finds it initialised and skips ``init_dist``) and sets
    ``device_ids=None`` in ``model_wrapper_cfg``. Other launchers (slurm,
    mpi) are left to mmengine.

    Args:
        cfg (Config): The training or testing config; ``cfg.launcher`` must
            be set. Modified in place.
    """
    if cfg.get('launcher', 'none') != 'pytorch' or torch.cuda.is_available():
        return
    if not torch_dist.is_initialized():
        torch_dist.init_process_group(
            backend='gloo',
            rank=int(os.environ['RANK']),
            world_size=int(os.environ['WORLD_SIZE']))
    wrapper_cfg = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel')
    wrapper_cfg['device_ids'] = None
    # SyncBN needs a GPU backend; on CPU the per-rank BN statistics are kept.
    cfg.pop('sync_bn', None)
    cfg.model_wrapper_cfg = wrapper_cfg
