"""Packs AI4Mars samples with their valid-pixel (rover/range) map."""
import numpy as np
from mmcv.transforms import to_tensor
from mmengine.structures import PixelData
from mmseg.datasets.transforms import PackSegInputs
from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class PackAI4MarsInputs(PackSegInputs):
    """mmseg's ``PackSegInputs`` that also packs the valid-pixel map.

    :class:`LoadAI4MarsAnnotations` writes ``gt_valid_mask`` (1 where the
    pixel is terrain, 0 under the rover or range mask, padding 255). This
    packs it as ``data_sample.gt_valid_mask``, a bool ``PixelData`` (1, H, W)
    that is True only where the map is 1, so that a semi-supervised
    segmentor (e.g. ``PseudoLabelEncoderDecoder``) never gives a masked
    pixel a pseudo label. Without ``gt_valid_mask`` in the results it is
    ``PackSegInputs``.

    Args:
        **kwargs: Arguments of ``PackSegInputs`` (``meta_keys``).
    """

    def transform(self, results: dict) -> dict:
        packed = super().transform(results)
        valid = results.get('gt_valid_mask')
        if valid is not None:
            packed['data_samples'].gt_valid_mask = PixelData(
                data=to_tensor(np.ascontiguousarray(valid == 1))[None])
        return packed
