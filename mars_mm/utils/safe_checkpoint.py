"""Checkpoint loading that never unpickles arbitrary objects by default."""
import os
import os.path as osp
import pickle
import re
import zipfile
from typing import Optional

import torch
from mmengine.runner.checkpoint import CheckpointLoader, get_torch_safe_globals

# Set to 1 to load checkpoints that hold arbitrary Python objects.
ALLOW_UNSAFE_ENV = 'MARS_MM_ALLOW_UNSAFE_CHECKPOINTS'


class UnsafeCheckpointError(ValueError):
    """A checkpoint that holds objects torch's ``weights_only`` refuses.

    Its message names the file and the refused global (e.g.
    ``posix.system``).
    """


def _refused_global(error: Exception) -> str:
    """The global (``module.name``) that torch's weights-only unpickler
    refused, from its error message; else the message's telling line."""
    text = str(error)
    match = re.search(r'GLOBAL ([\w.]+)', text)
    if match:
        return match.group(1)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    telling = [line for line in lines if 'Unsupported' in line
               or 'unsupported' in line]
    return (telling or lines or ['(unknown)'])[-1]


def load_local_checkpoint(filename: str,
                          map_location: Optional[str] = None) -> dict:
    """Load a local checkpoint with ``torch.load(weights_only=True)``.

    mmengine's own local loader retries with ``weights_only=False`` when the
    safe load fails, which runs whatever code the file's pickle names. Here
    that needs an explicit opt-in: the environment variable
    ``MARS_MM_ALLOW_UNSAFE_CHECKPOINTS=1``. The types mmengine writes into
    its checkpoints (numpy arrays and scalars, ``HistoryBuffer``) are
    allow-listed, so every checkpoint of an mmengine run loads.

    Args:
        filename (str): Path of the checkpoint.
        map_location (str, optional): As for :func:`torch.load`.

    Returns:
        dict: The checkpoint.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    # torch.save writes a zip archive (a bare pickle before torch 1.6).
    with open(filename, 'rb') as f:
        is_legacy_pickle = f.read(1) == b'\x80'
    if not (zipfile.is_zipfile(filename) or is_legacy_pickle):
        raise ValueError(f'{filename}: not a PyTorch checkpoint (neither a '
                         'zip archive written by torch.save nor a pickle; '
                         'truncated?)')
    try:
        with torch.serialization.safe_globals(get_torch_safe_globals()):
            return torch.load(
                filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        if 'Weights only load failed' not in str(error):
            raise ValueError(f'{filename}: not a PyTorch checkpoint '
                             f'({error})') from error
        if os.environ.get(ALLOW_UNSAFE_ENV) == '1':
            return torch.load(
                filename, map_location=map_location, weights_only=False)
        raise UnsafeCheckpointError(
            f'{filename}: refused global {_refused_global(error)}: the '
            'checkpoint holds Python objects that loading would have to '
            f'execute. If you trust its source, set {ALLOW_UNSAFE_ENV}=1 to '
            'load it anyway.') from error
    except (RuntimeError, KeyError, EOFError, ValueError, OSError) as error:
        raise ValueError(f'{filename}: not a PyTorch checkpoint '
                         f'({type(error).__name__}: {error})') from error


def register_safe_checkpoint_loader() -> None:
    """Make :func:`load_local_checkpoint` mmengine's loader of local paths.

    ``CheckpointLoader`` picks a loader by path prefix; local paths have the
    empty prefix. Every load through mmengine (``load_from``, ``--resume``,
    the inferencers, ``Pretrained`` init) then goes through it.
    """
    CheckpointLoader.register_scheme(
        prefixes='', loader=load_local_checkpoint, force=True)
