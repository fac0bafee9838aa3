"""Load an AI4Mars label map with its rover and range masks applied."""
from typing import Optional, Sequence

import cv2
import mmcv
import numpy as np
from mmengine import fileio
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import TRANSFORMS

from .load_checked_image_from_file import check_image_bytes


@TRANSFORMS.register_module()
class LoadAI4MarsAnnotations(LoadAnnotations):
    """Load an AI4Mars label map and apply the rover and range masks.

    Use it in place of mmseg's ``LoadAnnotations``, after the image is loaded
    (its size is checked against the label and masks). Reads the keys that
    :class:`AI4MarsDataset` writes:

    - ``seg_map_path``: single-channel PNG with values 0 soil, 1 bedrock,
      2 sand, 3 big rock and 255 no label; None for an image without a label
      file, which gets a map of 255 (the semi-supervised stream).
    - ``rover_mask_path`` / ``range_mask_path``: PNGs that are non-zero where
      the rover is visible / the terrain lies beyond 30 m, or None when that
      mask is switched off. Those pixels become 255 (ignored), as in the
      AI4Mars paper: they carry no terrain label.

    Beside ``gt_seg_map`` it writes ``gt_valid_mask``, a uint8 map that is 1
    where the pixel is terrain (no mask covers it) and 0 where the rover or
    range mask does: the masked pixels are told apart from unlabelled
    terrain, so that no pseudo label is ever given to them. Both maps are in
    ``seg_fields``, so mmseg's geometric transforms move them together (with
    nearest interpolation; padding fills 255, which is not 1, i.e. invalid).
    :class:`PackAI4MarsInputs` packs the map into the data sample.

    Label maps baked by ``tools/dataset_converters/ai4mars_split.py
    --bake-masks DIR --masked-value 254`` hold the masks in the label itself:
    with ``masked_index=254`` (and the dataset's mask folders switched off)
    those pixels become 255 with ``gt_valid_mask`` 0, exactly as if both
    masks were read, from one PNG instead of three.

    A label value outside ``valid_labels`` and 255, a label or mask whose size
    differs from the image's, or a truncated file raises an error naming the
    file.

    Args:
        valid_labels (Sequence[int]): Label values besides 255.
            Defaults to (0, 1, 2, 3).
        ignore_index (int): The "no label" value. Defaults to 255.
        masked_index (int, optional): The label value of pixels that baked
            label maps mark as masked (rover or range). Defaults to None:
            the label maps hold no such value.
        imdecode_backend (str): Decoder of the label and mask PNGs. Defaults
            to 'cv2', which decodes 8-bit grayscale PNGs (AI4Mars') into the
            same arrays as mmseg's default 'pillow', about a quarter faster
            (``benchmarks/bench_data_loading.py``); palette PNGs need
            'pillow' (OpenCV expands them to colour).
        **kwargs: Other arguments of mmseg's ``LoadAnnotations``.
    """

    def __init__(self,
                 valid_labels: Sequence[int] = (0, 1, 2, 3),
                 ignore_index: int = 255,
                 masked_index: Optional[int] = None,
                 imdecode_backend: str = 'cv2',
                 **kwargs) -> None:
        super().__init__(imdecode_backend=imdecode_backend, **kwargs)
        self.valid_labels = np.array(sorted(set(valid_labels)))
        self.ignore_index = ignore_index
        if masked_index is not None and (
                masked_index == ignore_index
                or masked_index in self.valid_labels):
            raise ValueError(f'masked_index {masked_index} must differ from '
                             'ignore_index and the valid labels')
        self.masked_index = masked_index
        # 1 for each byte value that is neither a label nor ignore_index:
        # one table lookup per pixel checks a map, ~15x faster than
        # np.unique, which sorts or hashes it.
        self._invalid = np.ones(256, np.uint8)
        allowed = [*self.valid_labels.tolist(), ignore_index]
        if masked_index is not None:
            allowed.append(masked_index)
        self._invalid[[v for v in allowed if 0 <= v < 256]] = 0

    def _read_single_channel(self, path: str,
                             shape: Sequence[int]) -> np.ndarray:
        img_bytes = fileio.get(path, backend_args=self.backend_args)
        check_image_bytes(img_bytes, path)
        array = mmcv.imfrombytes(
            img_bytes, flag='unchanged', backend=self.imdecode_backend)
        if array is None:
            raise ValueError(f'{path}: cannot decode PNG')
        if array.ndim != 2:
            raise ValueError(f'{path}: expected a single-channel PNG, got '
                             f'shape {array.shape}')
        if tuple(array.shape) != tuple(shape):
            raise ValueError(f'{path}: size {array.shape[1]}x'
                             f'{array.shape[0]} differs from its image '
                             f'({shape[1]}x{shape[0]})')
        return array

    def _load_seg_map(self, results: dict) -> None:
        """Load the label map (or an all-ignored one) and apply the masks.

        Args:
            results (dict): Result dict with the loaded image's ``ori_shape``
                and the paths written by :class:`AI4MarsDataset`.
        """
        shape = results['ori_shape']
        path: Optional[str] = results.get('seg_map_path')
        valid = np.ones(shape, dtype=np.uint8)
        if path is None:
            gt = np.full(shape, self.ignore_index, dtype=np.uint8)
        else:
            gt = self._read_single_channel(path, shape)
            # A 16-bit label would wrap (256 -> 0) in a uint8 map unseen.
            if gt.dtype != np.uint8:
                raise ValueError(f'{path}: expected an 8-bit label PNG, got '
                                 f'{gt.dtype}')
            if cv2.countNonZero(cv2.LUT(gt, self._invalid)):
                values = np.unique(gt)
                bad = values[self._invalid[values] == 1]
                raise ValueError(f'{path}: label values {bad.tolist()} are '
                                 f'not in {self.valid_labels.tolist()} or '
                                 f'{self.ignore_index}' + (
                                     '' if self.masked_index is None else
                                     f' (or masked {self.masked_index})'))
            if self.masked_index is not None:
                # 255 where valid, 0 where masked: OpenCV's vector compare
                # and max are ~50x faster than boolean indexing here.
                kept = cv2.compare(gt, self.masked_index, cv2.CMP_NE)
                valid = kept >> 7
                gt = cv2.max(gt, cv2.bitwise_not(kept)) \
                    if self.ignore_index == 255 else \
                    np.where(kept == 0, np.uint8(self.ignore_index), gt)
            if results.get('label_map'):
                original = gt.copy()
                for old_id, new_id in results['label_map'].items():
                    gt[original == old_id] = new_id
        for key in ('rover_mask_path', 'range_mask_path'):
            if results.get(key) is not None:
                mask = self._read_single_channel(results[key], shape)
                np.copyto(gt, self.ignore_index, where=mask != 0)
                np.copyto(valid, 0, where=mask != 0)
        results['gt_seg_map'] = gt
        results['gt_valid_mask'] = valid
        # Inferencers run the test pipeline on bare images, without the
        # dataset's fields: such an image gets an all-ignored map.
        results.setdefault('seg_fields', []).extend(
            ['gt_seg_map', 'gt_valid_mask'])
