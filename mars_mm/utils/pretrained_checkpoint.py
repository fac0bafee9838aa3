"""A missing local ``Pretrained`` checkpoint, named before training starts."""
import os.path as osp
from typing import Iterator, Tuple

from mmengine.config import Config


class MissingCheckpointError(FileNotFoundError):
    """A ``Pretrained`` init_cfg names a local file that does not exist."""


def _pretrained_inits(node, key: str) -> Iterator[Tuple[str, str]]:
    """``(config key, checkpoint)`` of every ``Pretrained`` init_cfg."""
    if isinstance(node, dict):
        if node.get('type') == 'Pretrained' and node.get('checkpoint'):
            yield f'{key}.checkpoint', node['checkpoint']
        for name, value in node.items():
            yield from _pretrained_inits(value, f'{key}.{name}')
    elif isinstance(node, (list, tuple)):
        for index, value in enumerate(node):
            yield from _pretrained_inits(value, f'{key}.{index}')


def check_pretrained_checkpoints(cfg: Config) -> None:
    """Fail early, and say where to get it, when a local checkpoint is missing.

    mmengine loads ``init_cfg=dict(type='Pretrained', checkpoint=...)`` only
    when training starts, after the datasets are built, and then reports just
    ``<file> can not be found``. This check runs on the config first: every
    ``Pretrained`` checkpoint under ``cfg.model`` that is a local path (no
    ``scheme://``) must be a file. URLs are left to mmengine, which downloads
    them.

    The error names the file and the config key, and where to get it from
    the config's optional top-level keys:

    - ``pretrained_url``: the official weights (e.g. of mmpretrain's model
      zoo) to download;
    - ``pretrain_config``: the config that writes such weights, trained with
      ``python tools/train.py <pretrain_config>``.

    Args:
        cfg (Config): The training config, ``--cfg-options`` merged.

    Raises:
        MissingCheckpointError: naming the first missing file.
    """
    for key, checkpoint in _pretrained_inits(cfg.get('model'), 'model'):
        if '://' in checkpoint or osp.isfile(osp.expanduser(checkpoint)):
            continue
        sources = []
        if cfg.get('pretrained_url'):
            sources.append(f'download the official weights, '
                           f'{cfg.pretrained_url}')
        if cfg.get('pretrain_config'):
            sources.append(f'write it with `python tools/train.py '
                           f'{cfg.pretrain_config}` (the file named in its '
                           'work dir/last_checkpoint)')
        where = f' Get it: {"; or ".join(sources)}.' if sources else ''
        raise MissingCheckpointError(
            f'{checkpoint}: pretrained checkpoint not found ({key}).{where} '
            f'Or use another file: --cfg-options {key}=PATH')
