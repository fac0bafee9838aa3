"""Helpers shared by the figure tools of ``tools/analysis``."""
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
import torch.nn as nn
from matplotlib.patches import Patch
from mmengine.config import Config
from mmengine.runner import load_checkpoint

from .config_variables import merge_cfg_options


def load_config(path: str, cfg_options: Optional[dict] = None) -> Config:
    """A config file with the ``--cfg-options`` of a tool merged in.

    Args:
        path (str): The config file.
        cfg_options (dict, optional): Overrides, as ``DictAction`` parses
            them. Defaults to None.

    Returns:
        Config: The config.
    """
    cfg = Config.fromfile(path)
    if cfg_options:
        merge_cfg_options(cfg, cfg_options)
    return cfg


def colourise(label: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """RGB image of a label map; 255 (no label) is black.

    Args:
        label (np.ndarray): Class ids (H, W), 255 for no label.
        palette (np.ndarray): RGB colour of each class (C, 3), uint8.

    Returns:
        np.ndarray: The image (H, W, 3), uint8.
    """
    rgb = np.zeros(label.shape + (3, ), np.uint8)
    known = label != 255
    rgb[known] = palette[label[known]]
    return rgb


def label_legend(classes: Sequence[str],
                 palette: np.ndarray,
                 with_no_label: bool = True) -> List[Patch]:
    """Legend entries of the classes of :func:`colourise`.

    Args:
        classes (Sequence[str]): Class names.
        palette (np.ndarray): RGB colour of each class (C, 3), uint8.
        with_no_label (bool): Add black for 'no label', as
            :func:`colourise` draws it. Defaults to True.

    Returns:
        list[Patch]: One entry per class (and 'no label').
    """
    handles = [
        Patch(color=np.asarray(palette[i]) / 255, label=name)
        for i, name in enumerate(classes)
    ]
    if with_no_label:
        handles.append(Patch(color='black', label='no label'))
    return handles


def short_name(path: str, width: int = 24) -> str:
    """The file name of a path, shortened in the middle to ``width``.

    Args:
        path (str): A file path.
        width (int): The most characters. Defaults to 24.

    Returns:
        str: e.g. ``NLA_4063704...04096M1.JPG``.
    """
    name = osp.basename(path)
    if len(name) <= width:
        return name
    head = (width - 3) // 2
    return f'{name[:head]}...{name[-(width - 3 - head):]}'


def build_model(cfg: Config, checkpoint: str, device: str) -> nn.Module:
    """The config's model in eval mode with every weight of the checkpoint.

    The stock ``init_model`` of mmseg and mmpretrain only warns when the
    checkpoint does not fit the model, and a figure of a half-loaded model
    would look plausible; here that is an error naming both files.

    Args:
        cfg (Config): An mmseg or mmpretrain config (``default_scope``).
        checkpoint (str): A checkpoint of that config's model.
        device (str): e.g. 'cpu' or 'cuda:0'.

    Returns:
        nn.Module: The model.
    """
    scope = cfg.get('default_scope')
    if scope == 'mmseg':
        from mmseg.apis import init_model
    elif scope == 'mmpretrain':
        from mmpretrain.apis import init_model
    else:
        raise ValueError(f'{cfg.filename}: default_scope must be mmseg or '
                         f'mmpretrain, got {scope!r}')
    model = init_model(cfg, None, device=device)
    try:
        load_checkpoint(model, checkpoint, map_location='cpu', strict=True)
    except RuntimeError as error:
        raise ValueError(f'{checkpoint} does not fit the model of '
                         f'{cfg.filename}: {error}') from error
    return model.eval()
