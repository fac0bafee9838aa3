"""Unlabelled images (a folder, a list, PDS products) for unsup streams."""
import os
import os.path as osp
from typing import Any, List, Optional

from mmengine.logging import MMLogger
from mmpretrain.datasets import BaseDataset
from mmpretrain.registry import DATASETS

from .pds import is_pds4_label
from .transforms import CorruptImageError

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png')


def list_image_files(names: List[str], folder: str = '') -> List[str]:
    """The images among the file names of one folder, each product once.

    JPEG/PNG files, and NASA PDS products: a ``.IMG`` file (PDS3 with an
    attached or a detached ``.LBL`` label, or PDS4 data), and a PDS4
    ``.xml`` label without a same-named ``.IMG`` beside it. ``.LBL`` files
    are labels of listed ``.IMG`` files, not images. Suffixes in any case.

    Args:
        names (list[str]): File names in ``folder``.
        folder (str): Their folder, joined to each result.

    Returns:
        list[str]: The image paths, in the order of ``names``.
    """
    stems_with_img = {
        osp.splitext(n)[0]
        for n in names if n.lower().endswith('.img')
    }
    images = []
    for name in names:
        lower = name.lower()
        path = osp.join(folder, name)
        if lower.endswith(IMAGE_SUFFIXES + ('.img', )):
            images.append(path)
        elif (lower.endswith('.xml')
              and osp.splitext(name)[0] not in stems_with_img
              and is_pds4_label(path)):
            images.append(path)
    return images


@DATASETS.register_module()
class UnlabeledImageDataset(BaseDataset):
    """A folder tree of rover images without labels.

    Feeds the unsupervised similarity stream (paper Sec. 4.3; the paper used
    ~34k colour images from NASA's PDS MSL archive). Files ending in
    ``.jpg``, ``.jpeg`` or ``.png`` (any case) and PDS products (``.IMG``,
    PDS4 ``.xml`` labels: :func:`list_image_files`) are listed, sorted by
    path; other files are skipped and their count is logged. PDS products
    need :class:`LoadPDSImageFromFile` in the pipeline (it reads JPEG/PNG as
    :class:`LoadCheckedImageFromFile` does). With ``ann_file``, the
    images listed there instead (one path a line, relative to ``data_root``),
    e.g. the ``unlabelled.txt`` of
    ``tools/dataset_converters/msl_labelled_subset.py``.

    Among tens of thousands of downloaded images a few are unreadable. In
    training (``test_mode=False``) such an image (a truncated or undecodable
    file, as reported by :class:`LoadCheckedImageFromFile`, which the pipeline
    should use) is skipped: a warning names
    the file, :attr:`num_unreadable` counts them, and mmengine's dataset
    returns another sample. In ``test_mode`` the error is raised.

    Args:
        data_root (str): Root folder of the images.
        ann_file (str): A list of images relative to ``data_root``. Defaults
            to '': every image under ``data_root``.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``...).
    """

    def __init__(self,
                 data_root: str,
                 ann_file: str = '',
                 **kwargs) -> None:
        self.num_unreadable = 0
        kwargs.setdefault('metainfo', dict(classes=()))
        super().__init__(ann_file=ann_file, data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """List the image files under ``data_root``.

        Returns:
            list[dict]: One ``dict(img_path=...)`` per image, sorted.
        """
        if self.ann_file:
            return self._load_listed()
        if not osp.isdir(self.data_root):
            raise FileNotFoundError(f'{self.data_root}: folder not found')
        images, skipped = [], 0
        for folder, _, files in os.walk(self.data_root, followlinks=True):
            found = list_image_files(files, folder)
            images += found
            skipped += len(files) - len(found)
        if not images:
            raise ValueError(f'{self.data_root}: no .jpg/.jpeg/.png image '
                             f'or PDS product found ({skipped} other files)')
        MMLogger.get_current_instance().info(
            f'UnlabeledImageDataset: {len(images)} images under '
            f'{self.data_root}; {skipped} other files (non-image, PDS '
            f'.LBL labels) skipped')
        return [dict(img_path=path) for path in sorted(images)]

    def _load_listed(self) -> List[dict]:
        """The images listed in ``ann_file``, in its order."""
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'{self.ann_file}: image list not found')
        images = []
        with open(self.ann_file) as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                path = osp.join(self.data_root, line.strip())
                if not osp.isfile(path):
                    raise FileNotFoundError(
                        f'{self.ann_file}:{n}: image {path} not found')
                images.append(dict(img_path=path))
        if not images:
            raise ValueError(f'{self.ann_file}: lists no image')
        MMLogger.get_current_instance().info(
            f'UnlabeledImageDataset: {len(images)} images listed in '
            f'{self.ann_file}')
        return images

    def prepare_data(self, idx: int) -> Optional[Any]:
        """Run the pipeline; in training, skip an unreadable image.

        Returns:
            The transformed sample, or None (mmengine then fetches another
            index) when the image cannot be read in training.
        """
        try:
            return super().prepare_data(idx)
        except (CorruptImageError, OSError) as error:
            if self.test_mode:
                raise
            self.num_unreadable += 1
            MMLogger.get_current_instance().warning(
                f'Skipping unreadable image '
                f'{self.get_data_info(idx)["img_path"]} ({error}); '
                f'{self.num_unreadable} skipped so far in this worker')
            return None
