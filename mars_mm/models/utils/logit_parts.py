"""The parts of an ``EncoderDecoder`` that make its decode head's logits,
which an EMA teacher averages."""
import torch
import torch.nn as nn
from mmseg.models.segmentors import EncoderDecoder


def logit_parts(segmentor: EncoderDecoder) -> nn.ModuleDict:
    """The segmentor's backbone, neck (if any) and decode head (shared, not
    copied), for :class:`mmengine.model.ExponentialMovingAverage`.

    Args:
        segmentor (EncoderDecoder): The network.

    Returns:
        nn.ModuleDict: ``backbone``, ``decode_head`` and, if any, ``neck``.
    """
    parts = dict(
        backbone=segmentor.backbone, decode_head=segmentor.decode_head)
    if segmentor.with_neck:
        parts['neck'] = segmentor.neck
    return nn.ModuleDict(parts)


def logits_of_parts(parts: nn.ModuleDict,
                    inputs: torch.Tensor) -> torch.Tensor:
    """The decode head's logits (at its output size) of :func:`logit_parts`
    or their average, as ``EncoderDecoder`` computes them.

    Args:
        parts (nn.ModuleDict): ``backbone``, ``decode_head``, maybe ``neck``.
        inputs (torch.Tensor): Images (B, 3, H, W).

    Returns:
        torch.Tensor: Logits (B, C, h, w).
    """
    x = parts['backbone'](inputs)
    if 'neck' in parts:
        x = parts['neck'](x)
    return parts['decode_head'](x)
