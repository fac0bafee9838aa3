"""Checkpoints of the demo configs with random weights (no training)."""
import os.path as osp

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def random_checkpoint(config: str, path: str,
                      dataset_meta: dict = None) -> torch.nn.Module:
    """Save the config's model with random weights (and BN statistics)."""
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    init_default_scope(cfg.default_scope)
    if cfg.default_scope == 'mmpretrain':
        from mmpretrain.registry import MODELS
    else:
        from mmseg.registry import MODELS
    # As mmpretrain's get_model: a top-level data_preprocessor is the model's.
    cfg.model.setdefault('data_preprocessor', cfg.get('data_preprocessor'))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    for module in model.modules():  # non-trivial BN statistics
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 2.0)
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dataset_meta or {})), path)
    return model.eval()
