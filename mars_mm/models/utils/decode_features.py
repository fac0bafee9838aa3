"""The decode head's logits and the fused features they are computed from."""
from typing import Tuple

import torch
import torch.nn as nn


def decode_with_features(decode_head: nn.Module,
                         inputs) -> Tuple[torch.Tensor, torch.Tensor]:
    """One forward of ``decode_head`` that also returns its fused features.

    Every mmseg ``BaseDecodeHead`` ends its ``forward`` with
    ``self.cls_seg(feat)`` (dropout, then the 1x1 ``conv_seg``): ``feat`` is
    the head's fused decoder feature map, e.g. DeepLabV3+'s ASPP output
    fused with the low-level features. This calls the head's own forward
    once, with ``cls_seg`` of this instance wrapped to keep its input, so the
    logits are exactly those of ``decode_head(inputs)`` and the features cost
    nothing more. (``_forward_feature`` is not used: not every head has one,
    and :class:`DepthwiseSeparableASPPHead` inherits ASPPHead's, which skips
    the low-level fusion.)

    Works with any head whose forward calls ``cls_seg`` exactly once, e.g.
    ``DepthwiseSeparableASPPHead`` (DeepLabV3+), ``ASPPHead``, ``FCNHead``,
    ``PSPHead``, ``UPerHead``, ``SegformerHead``.

    Args:
        decode_head (nn.Module): A decode head (``BaseDecodeHead``).
        inputs: What its forward takes (the backbone's multi-level
            features).

    Returns:
        tuple[torch.Tensor, torch.Tensor]: The logits (B, out_channels, h, w)
        and the features (B, channels, h, w) before dropout and ``conv_seg``,
        still in the graph.

    Raises:
        TypeError: If the head's forward does not call ``cls_seg`` exactly
            once.
    """
    captured = []
    own = vars(decode_head).get('cls_seg')
    cls_seg = decode_head.cls_seg

    def capture(feat: torch.Tensor) -> torch.Tensor:
        captured.append(feat)
        return cls_seg(feat)

    decode_head.cls_seg = capture
    try:
        seg_logits = decode_head(inputs)
    finally:
        if own is None:
            del decode_head.cls_seg
        else:
            decode_head.cls_seg = own
    if len(captured) != 1:
        raise TypeError(
            f'{type(decode_head).__name__}.forward called cls_seg '
            f'{len(captured)} times: its fused features are not defined '
            '(decode_with_features needs exactly one call)')
    return seg_logits, captured[0]
