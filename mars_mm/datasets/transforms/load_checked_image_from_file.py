"""Load an image, naming the file when it is empty, truncated or corrupt."""
import mmcv
import numpy as np
from mmcv.transforms import LoadImageFromFile
from mmengine import fileio
from mmengine.registry import TRANSFORMS

# Last bytes of a complete file: JPEG's end-of-image marker, PNG's IEND chunk.
_JPEG_START, _JPEG_END = b'\xff\xd8', b'\xff\xd9'
_PNG_START, _PNG_END = b'\x89PNG', b'IEND\xaeB`\x82'


class CorruptImageError(ValueError):
    """An image file that is truncated or cannot be decoded."""


def check_image_bytes(img_bytes: bytes, filename: str) -> None:
    """Raise :class:`CorruptImageError` for a truncated JPEG or PNG file.

    OpenCV decodes a truncated JPEG without an error (the missing rows come
    back grey), so a cut-off download would silently train on half an image.
    Checking the end marker costs nothing next to decoding.

    Args:
        img_bytes (bytes): The whole file.
        filename (str): Its path, for the message.
    """
    if not img_bytes:
        raise CorruptImageError(f'{filename}: empty image file')
    # JPEG files may carry padding after the marker: look at the tail.
    if img_bytes.startswith(_JPEG_START) and _JPEG_END not in img_bytes[-64:]:
        raise CorruptImageError(f'{filename}: truncated JPEG (no end marker)')
    if img_bytes.startswith(_PNG_START) and _PNG_END not in img_bytes[-64:]:
        raise CorruptImageError(f'{filename}: truncated PNG (no IEND chunk)')


@TRANSFORMS.register_module()
class LoadCheckedImageFromFile(LoadImageFromFile):
    """``LoadImageFromFile`` that names the file of a corrupt image.

    Registered in mmengine's root ``TRANSFORMS``, so mmpretrain and mmseg
    pipelines both find it. Arguments are those of mmcv's
    ``LoadImageFromFile``; ``ignore_empty=True`` returns None for a corrupt
    image instead of raising, as upstream does for unreadable ones.
    """

    def transform(self, results: dict) -> dict:
        """Load ``results['img_path']`` after checking that it is whole.

        Args:
            results (dict): Holds ``img_path``.

        Returns:
            dict: ``results`` with ``img``, ``img_shape`` and ``ori_shape``.
        """
        filename = results['img_path']
        try:
            img_bytes = fileio.get(filename, backend_args=self.backend_args)
            check_image_bytes(img_bytes, filename)
            img = mmcv.imfrombytes(
                img_bytes, flag=self.color_type, backend=self.imdecode_backend)
            if img is None:
                raise CorruptImageError(f'{filename}: cannot decode image')
        except (CorruptImageError, OSError):
            if self.ignore_empty:
                return None
            raise
        return self._with_image(results, img)

    def _with_image(self, results: dict, img: np.ndarray) -> dict:
        """Put a decoded image and its shape into ``results``, as float32
        when ``to_float32`` (the fields mmcv's loader writes)."""
        if self.to_float32:
            img = img.astype('float32')
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results
