import glob
import os.path as osp

from mmengine.config import Config

REPO_ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))


def test_every_config_saves_through_the_atomic_hook():
    """Guards issue 12, bug 1: every config of configs/ uses
    AtomicCheckpointHook, not mmengine's stock CheckpointHook."""
    import mars_mm  # noqa: F401  (the mmseg:: alias)
    configs = sorted(
        glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'),
                  recursive=True))
    configs = [c for c in configs if '_base_' not in c]
    assert configs
    stock = []
    for path in configs:
        cfg = Config.fromfile(path)
        if cfg.default_hooks.checkpoint.type != 'AtomicCheckpointHook':
            stock.append(osp.relpath(path, REPO_ROOT))
    assert not stock, stock
