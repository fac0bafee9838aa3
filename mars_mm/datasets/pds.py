"""NASA Planetary Data System image products, read with ``pdr``.

Rover images come from the PDS as PDS3 products (``.IMG`` with the label
attached at the start of the file or detached in a ``.LBL`` beside it) and
PDS4 products (an ``.xml`` label and its data file). ``pdr``, the Planetary
Data Reader (https://github.com/MillionConcepts/pdr), parses both; this module
picks the image out of a product and turns it into an 8-bit BGR array, the
form mmcv's loaders give.

8-bit conversion (:func:`scale_to_uint8`), chosen so that every image of one
instrument gets the same mapping (no per-image contrast change):

- ``'bits'`` (default): integer samples of ``b`` significant bits are shifted
  right by ``b - 8`` (12-bit: ``>> 4``; 16-bit: ``>> 8``; 8-bit: unchanged).
  ``b`` is the ``bit_depth`` argument when given, else the number of ones in
  the PDS3 ``SAMPLE_BIT_MASK`` (``2#0000111111111111#`` = 12 bits), else the
  width of the sample type (8 or 16). Negative samples become 0. Float
  samples (calibrated radiance) have no bit depth: they are stretched as
  below.
- ``'percentile'``: a linear stretch of each image from its 0.5th to its
  99.5th percentile to 0..255 (each image its own contrast; for float
  products or a quick look at dark frames).
"""
import os.path as osp
from typing import Optional

import numpy as np

SCALINGS = ('bits', 'percentile')


class PDSImageError(ValueError):
    """A PDS product without an image, or one ``pdr`` cannot read."""


def is_pds4_label(path: str) -> bool:
    """Whether an ``.xml`` file is a PDS4 product label."""
    try:
        with open(path, 'rb') as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'<Product_Observational' in head or b'pds.nasa.gov/pds4' in head


def is_pds_product(path: str) -> bool:
    """Whether ``path`` names a PDS image product (by its suffix).

    ``.IMG`` (any case) is a PDS3 or PDS4 data file; ``.LBL`` a PDS3 label;
    ``.xml`` a PDS4 label when its text says so.
    """
    suffix = osp.splitext(path)[1].lower()
    if suffix in ('.img', '.lbl'):
        return True
    return suffix == '.xml' and is_pds4_label(path)


def _image_of(data, path: str) -> np.ndarray:
    """The image array of a ``pdr.Data``: ``IMAGE``, else the first 2-D or
    3-D array among its objects."""
    keys = [k for k in data.keys() if k.upper() != 'LABEL']
    if 'IMAGE' in keys:
        keys = ['IMAGE']
    for key in keys:
        if key.upper().endswith(('_HEADER', 'HEADER')):
            continue
        try:
            value = data[key]
        except Exception:  # noqa: BLE001 (pdr raises many kinds)
            continue
        if isinstance(value, np.ndarray) and value.ndim in (2, 3):
            return value
    raise PDSImageError(f'{path}: no image array in this PDS product '
                        f'(objects: {", ".join(keys) or "none"})')


def _label_bit_depth(data) -> Optional[int]:
    """Significant bits from a PDS3 ``SAMPLE_BIT_MASK``, if the label has
    one (``2#0000111111111111#`` -> 12)."""
    try:
        mask = data.metaget('SAMPLE_BIT_MASK')
    except Exception:  # noqa: BLE001
        return None
    if isinstance(mask, int):
        return bin(mask).count('1') or None
    if isinstance(mask, str) and mask.startswith('2#'):
        return mask.strip('2#').count('1') or None
    return None


def scale_to_uint8(image: np.ndarray,
                   scaling: str = 'bits',
                   bit_depth: Optional[int] = None) -> np.ndarray:
    """Map samples to 0..255 (see the module docstring).

    Args:
        image (np.ndarray): Samples of any integer or float type.
        scaling (str): ``'bits'`` or ``'percentile'``.
        bit_depth (int, optional): Significant bits of integer samples;
            defaults to the width of the type.

    Returns:
        np.ndarray: uint8, same shape.
    """
    if scaling not in SCALINGS:
        raise ValueError(f'scaling must be one of {SCALINGS}, got {scaling!r}')
    if image.dtype == np.uint8 and scaling == 'bits':
        return image
    if scaling == 'percentile' or not np.issubdtype(image.dtype, np.integer):
        values = image.astype(np.float64)
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return np.zeros(image.shape, np.uint8)
        low, high = np.percentile(finite, (0.5, 99.5))
        scaled = (values - low) / max(high - low, 1e-12) * 255
        return np.clip(np.nan_to_num(scaled), 0, 255).round().astype(np.uint8)
    bits = bit_depth or image.dtype.itemsize * 8
    values = np.clip(image.astype(np.int64), 0, None) >> max(bits - 8, 0)
    return np.clip(values, 0, 255).astype(np.uint8)


def read_pds_image(path: str,
                   scaling: str = 'bits',
                   bit_depth: Optional[int] = None) -> np.ndarray:
    """Read the image of a PDS3 or PDS4 product as 8-bit BGR.

    Args:
        path (str): The ``.IMG`` data file (``pdr`` finds an attached label,
            or a detached ``.LBL`` / PDS4 ``.xml`` of the same name), or the
            label itself.
        scaling (str): ``'bits'`` or ``'percentile'`` (module docstring).
        bit_depth (int, optional): Significant bits; default from the label
            or the sample type.

    Returns:
        np.ndarray: ``(H, W, 3)`` uint8, BGR (grey images repeated), as
        ``mmcv.imread`` returns.

    Raises:
        PDSImageError: The product cannot be read or holds no image.
    """
    import pdr
    try:
        data = pdr.read(path)
    except Exception as error:  # noqa: BLE001
        raise PDSImageError(f'{path}: pdr cannot read this PDS product '
                            f'({type(error).__name__}: {error})') from error
    image = np.asarray(_image_of(data, path))
    if image.ndim == 3 and image.shape[0] <= 4 < image.shape[-1]:
        image = image.transpose(1, 2, 0)  # pdr: (bands, lines, samples)
    if bit_depth is None and scaling == 'bits':
        bit_depth = _label_bit_depth(data)
    image = scale_to_uint8(image, scaling, bit_depth)
    if image.ndim == 2:
        image = image[..., None]
    if image.shape[2] == 1:
        return np.repeat(image, 3, axis=2)
    return np.ascontiguousarray(image[..., 2::-1])  # RGB(+more) -> BGR
