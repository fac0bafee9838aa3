"""Mix masks for consistency regularisation in semi-supervised segmentation.

CutOut and CutMix masks are boxes (`French et al., BMVC 2020
<https://arxiv.org/abs/1906.01916>`_), ClassMix masks the pixels of half the
classes the teacher predicts in one image (`Olsson et al., WACV 2021
<https://arxiv.org/abs/2007.07936>`_). A mask M is a float (B, H, W) map of
0s and 1s; :func:`mix` combines two images, targets or pixel weights by it.
"""
import math
from typing import Optional

import torch


def box_from_props(height: int, width: int, y_prop: float, x_prop: float,
                   top_u: float, left_u: float) -> torch.Tensor:
    """One box mask: 1 inside a ``y_prop x x_prop`` box, 0 elsewhere.

    The box spans ``round(y_prop * height)`` rows and
    ``round(x_prop * width)`` columns; its top-left corner lies at
    ``round((height - rows) * top_u)``, ``round((width - cols) * left_u)``.

    Args:
        height (int): Mask height.
        width (int): Mask width.
        y_prop (float): Box height as a fraction of ``height``, in [0, 1].
        x_prop (float): Box width as a fraction of ``width``, in [0, 1].
        top_u (float): Position of the box in the free rows, in [0, 1].
        left_u (float): Position of the box in the free columns, in [0, 1].

    Returns:
        torch.Tensor: The mask (height, width), float.
    """
    rows, cols = int(round(y_prop * height)), int(round(x_prop * width))
    top = int(round((height - rows) * top_u))
    left = int(round((width - cols) * left_u))
    mask = torch.zeros(height, width)
    mask[top:top + rows, left:left + cols] = 1
    return mask


def box_mask(batch: int,
             height: int,
             width: int,
             area: float = 0.5,
             generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """Random box masks of a given area and random aspect ratio.

    As French et al.'s ``BoxMaskGenerator`` (one box, random aspect ratio):
    the box height fraction is ``area ** u``, ``u ~ U(0, 1)``, its width
    fraction ``area / area ** u`` (both in [area, 1], their product
    ``area``), its position uniform.

    Args:
        batch (int): Number of masks.
        height (int): Mask height.
        width (int): Mask width.
        area (float): Box area as a fraction of the image, in (0, 1].
            Defaults to 0.5 (French et al.).
        generator (torch.Generator, optional): Source of the draws.

    Returns:
        torch.Tensor: Masks (batch, height, width), 1 inside each box.
    """
    if not 0 < area <= 1:
        raise ValueError(f'area must lie in (0, 1], got {area}')
    draws = torch.rand(batch, 3, generator=generator).tolist()
    masks = []
    for u, top_u, left_u in draws:
        y_prop = math.exp(u * math.log(area))
        masks.append(
            box_from_props(height, width, y_prop, area / y_prop, top_u,
                           left_u))
    return torch.stack(masks)


def class_mix_mask(pred: torch.Tensor,
                   region: Optional[torch.Tensor] = None,
                   generator: Optional[torch.Generator] = None
                   ) -> torch.Tensor:
    """ClassMix masks: the pixels of half of each image's predicted classes.

    For each image, of the n classes that ``pred`` holds (inside
    ``region``), ``ceil(n / 2)`` are drawn at random without replacement, as
    in Olsson et al.'s code; the mask is 1 on every pixel predicted as one
    of them.

    Args:
        pred (torch.Tensor): Predicted classes (B, H, W), e.g. the teacher's
            argmax on the images the mask cuts from.
        region (torch.Tensor, optional): Bool (B, H, W) of the pixels whose
            classes count (e.g. not padding, not rover). Defaults to all.
        generator (torch.Generator, optional): Source of the draws.

    Returns:
        torch.Tensor: Masks (B, H, W), float.
    """
    masks = torch.zeros(pred.shape, dtype=torch.float32, device=pred.device)
    for i, labels in enumerate(pred):
        present = labels[region[i]] if region is not None else labels
        classes = present.unique()
        if classes.numel() == 0:
            continue
        order = torch.randperm(classes.numel(), generator=generator)
        chosen = classes[order[:math.ceil(classes.numel() / 2)].to(
            classes.device)]
        masks[i] = torch.isin(labels, chosen).float()
    return masks


def mix(mask: torch.Tensor, first: torch.Tensor,
        second: torch.Tensor) -> torch.Tensor:
    """``M * first + (1 - M) * second``, M broadcast over channels.

    Args:
        mask (torch.Tensor): Masks (B, H, W).
        first (torch.Tensor): (B, H, W) or (B, C, H, W); taken where M is 1.
        second (torch.Tensor): Same shape as ``first``; taken where M is 0.

    Returns:
        torch.Tensor: The mixture, shaped as ``first``.
    """
    if first.dim() == 4:
        mask = mask[:, None]
    mask = mask.to(first.dtype)
    return mask * first + (1 - mask) * second
