"""``--cfg-options`` on the top-level variables that a config is built from.

mmengine resolves a Python config when it reads the file, so a top-level
variable such as ``data_root`` or ``num_classes`` has already been copied
into every dataset and head when ``--cfg-options data_root=...`` arrives:
merged alone, the option changes the variable and nothing that uses it. The
training and test tools merge the options with :func:`merge_cfg_options`,
which carries a changed variable to where the config holds its old value.
"""
from typing import Any, Dict, Iterator, List, Tuple

from mmengine.config import Config

# Folders (and, with split_dir, a folder of split files): a string in a
# dataloader that is the old value, or starts with it and '/', moves along.
PATH_VARIABLES = ('data_root', 'unlabeled_root', 'split_dir')
DATALOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
# The output count of a self-supervised task's head, not the dataset's.
OWN_CLASSES = ('pretext_head', )
CARRIED_VARIABLES = PATH_VARIABLES + ('num_classes', 'reshuffle_seed')


def _leaves(node: Any, path: str) -> Iterator[Tuple[Any, Any, str]]:
    """``(container, key, path)`` of every value below ``node``."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        child = f'{path}.{key}'
        if isinstance(value, (dict, list)):
            if key not in OWN_CLASSES:
                yield from _leaves(value, child)
        else:
            yield node, key, child


def _move_paths(cfg: Config, moves: Dict[str, str]) -> List[str]:
    """Give every dataloader path under an old folder its new folder."""
    changes = []
    for loader in DATALOADERS:
        for container, key, path in _leaves(cfg.get(loader), loader):
            value = container[key]
            if not isinstance(value, str):
                continue
            # The longest old folder wins: an unlabelled root inside the
            # data root follows its own variable.
            olds = [
                old for old in moves
                if value == old or value.startswith(old.rstrip('/') + '/')
            ]
            if olds:
                old = max(olds, key=len)
                container[key] = moves[old] + value[len(old):]
                changes.append(f'{path}={container[key]}')
    return changes


def _replace_key(cfg: Config, roots: Tuple[str, ...], name: str, old: Any,
                 new: Any) -> List[str]:
    """Set every ``name`` below ``roots`` that holds ``old`` to ``new``."""
    changes = []
    for root in roots:
        for container, key, path in _leaves(cfg.get(root), root):
            if key == name and container[key] == old:
                container[key] = new
                changes.append(f'{path}={new}')
    return changes


def _regroup_batches(cfg: Config, old: int, new: int) -> List[str]:
    """Resize the class-balanced batches from ``old`` classes to ``new``.

    A :class:`ClassBalancedSampler` group holds ``samples_per_class`` images
    of every class, so its batch (alone, or its share of a
    :class:`MultiSourceSampler` batch) is a number of groups of
    ``num_classes x samples_per_class``; the dataloader's ``batch_size``
    follows the sum of the shares.
    """
    changes = []
    for name in DATALOADERS:
        loader = cfg.get(name)
        if not loader or 'sampler' not in loader:
            continue
        sampler = loader.sampler
        if sampler.get('type') == 'MultiSourceSampler':
            sizes = list(sampler.batch_sizes)
            for s, source in enumerate(sampler.source_samplers):
                group = source.get('samples_per_class', 2)
                if (source.get('type') == 'ClassBalancedSampler'
                        and sizes[s] % (old * group) == 0):
                    sizes[s] = sizes[s] // (old * group) * new * group
            if sizes != list(sampler.batch_sizes):
                if loader.batch_size == sum(sampler.batch_sizes):
                    loader.batch_size = sum(sizes)
                    changes.append(f'{name}.batch_size={sum(sizes)}')
                sampler.batch_sizes = sizes
                changes.append(f'{name}.sampler.batch_sizes={sizes}')
        elif sampler.get('type') == 'ClassBalancedSampler':
            group = sampler.get('samples_per_class', 2)
            if loader.batch_size % (old * group) == 0:
                loader.batch_size = loader.batch_size // old * new
                changes.append(f'{name}.batch_size={loader.batch_size}')
    return changes


def merge_cfg_options(cfg: Config, options: Dict[str, Any]) -> List[str]:
    """Merge ``--cfg-options`` into ``cfg``, carrying top-level variables.

    What an option of one of these top-level variables changes besides the
    variable, where the config still holds the variable's old value (an
    option that sets such a place itself is kept):

    - ``data_root``, ``unlabeled_root``, ``split_dir``: every path in the
      train/val/test dataloaders that is the old folder or lies in it;
    - ``num_classes``: every ``num_classes`` of ``model`` and of the
      top-level ``data_preprocessor`` (not a ``pretext_head``'s, whose
      classes are its task's), and the class-balanced batches, which hold
      ``samples_per_class`` images of each class;
    - ``reshuffle_seed``: every ``reshuffle_seed`` of the dataloaders.

    Args:
        cfg (Config): The config, changed in place.
        options (dict): What ``DictAction`` parsed from ``--cfg-options``.

    Returns:
        list[str]: The ``key=value`` of every place that was carried along,
        for the log.
    """
    old = {
        name: cfg[name]
        for name in CARRIED_VARIABLES if name in options and name in cfg
    }
    cfg.merge_from_dict(options)
    changed = {name: cfg[name] for name in old if cfg[name] != old[name]}
    moves = {
        old[name]: value
        for name, value in changed.items() if name in PATH_VARIABLES
    }
    changes = _move_paths(cfg, moves) if moves else []
    if 'num_classes' in changed:
        new = changed['num_classes']
        changes += _replace_key(cfg, ('model', 'data_preprocessor'),
                                'num_classes', old['num_classes'], new)
        changes += _regroup_batches(cfg, old['num_classes'], new)
    if 'reshuffle_seed' in changed:
        changes += _replace_key(cfg, DATALOADERS, 'reshuffle_seed',
                                old['reshuffle_seed'],
                                changed['reshuffle_seed'])
    return changes
