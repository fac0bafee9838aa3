"""Load NASA PDS3/PDS4 image products (via pdr) as 8-bit images."""
from typing import Optional

from mmengine.registry import TRANSFORMS

from ..pds import PDSImageError, is_pds_product, read_pds_image
from .load_checked_image_from_file import (CorruptImageError,
                                           LoadCheckedImageFromFile)


@TRANSFORMS.register_module()
class LoadPDSImageFromFile(LoadCheckedImageFromFile):
    """Load NASA PDS image products as well as JPEG/PNG files.

    A PDS3 ``.IMG`` (attached or detached ``.LBL`` label), a ``.LBL`` or a
    PDS4 ``.xml`` label is read with ``pdr`` and scaled to 8-bit BGR by
    :func:`mars_mm.datasets.pds.read_pds_image` (``scaling='bits'``: 12-bit
    samples ``>> 4``, 16-bit ``>> 8``, the bit depth from the label's
    ``SAMPLE_BIT_MASK`` when it has one; ``'percentile'``: a per-image
    0.5-99.5% stretch). Any other file goes to
    :class:`LoadCheckedImageFromFile`. Registered in mmengine's root
    ``TRANSFORMS`` (mmpretrain and mmseg pipelines find it). A PDS product
    that cannot be read raises :class:`CorruptImageError` naming the file,
    so :class:`UnlabeledImageDataset` skips it in training.

    Args:
        scaling (str): ``'bits'`` or ``'percentile'``. Defaults to 'bits'.
        bit_depth (int, optional): Significant bits of integer samples
            (e.g. 12), overriding the label.
        **kwargs: Arguments of mmcv's ``LoadImageFromFile``
            (``color_type='grayscale'`` keeps one channel).
    """

    def __init__(self,
                 scaling: str = 'bits',
                 bit_depth: Optional[int] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.scaling = scaling
        self.bit_depth = bit_depth

    def transform(self, results: dict) -> Optional[dict]:
        """Load ``results['img_path']``, a PDS product or an image file."""
        filename = results['img_path']
        if not is_pds_product(filename):
            return super().transform(results)
        try:
            img = read_pds_image(filename, self.scaling, self.bit_depth)
        except PDSImageError as error:
            if self.ignore_empty:
                return None
            raise CorruptImageError(str(error)) from error
        if self.color_type == 'grayscale':
            img = img[..., 0] if img.ndim == 3 else img
        return self._with_image(results, img)

    def __repr__(self) -> str:
        return (super().__repr__()[:-1] + f", scaling='{self.scaling}', "
                f'bit_depth={self.bit_depth})')
