import os
import os.path as osp
from typing import Any, List, Optional

from mmengine.logging import MMLogger
from mmpretrain.datasets import BaseDataset
from mmpretrain.registry import DATASETS

from .transforms import CorruptImageError

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png')


@DATASETS.register_module()
class UnlabeledImageDataset(BaseDataset):
    """A folder tree of rover images without labels.

    Feeds the unsupervised similarity stream (paper Sec. 4.3; the paper used
    ~34k colour images from NASA's PDS MSL archive). Files ending in
    ``.jpg``, ``.jpeg`` or ``.png`` (any case) are listed, sorted by path;
    other files are skipped and their count is logged.

    Among tens of thousands of downloaded images a few are unreadable. In
    training (``test_mode=False``) such an image (a truncated or undecodable
    file, as reported by :class:`LoadCheckedImageFromFile`, which the pipeline
    should use) is skipped: a warning names
    the file, :attr:`num_unreadable` counts them, and mmengine's dataset
    returns another sample. In ``test_mode`` the error is raised.

    Args:
        data_root (str): Root folder of the images.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``...).
    """

    def __init__(self, data_root: str, **kwargs) -> None:
        self.num_unreadable = 0
        kwargs.setdefault('metainfo', dict(classes=()))
        super().__init__(ann_file='', data_root=data_root, **kwargs)

    def load_data_list(self) -> List[dict]:
        """List the image files under ``data_root``.

        Returns:
            list[dict]: One ``dict(img_path=...)`` per image, sorted.
        """
        if not osp.isdir(self.data_root):
            raise FileNotFoundError(f'{self.data_root}: folder not found')
        images, skipped = [], 0
        for folder, _, files in os.walk(self.data_root, followlinks=True):
            for name in files:
                if name.lower().endswith(IMAGE_SUFFIXES):
                    images.append(osp.join(folder, name))
                else:
                    skipped += 1
        if not images:
            raise ValueError(f'{self.data_root}: no .jpg/.jpeg/.png image '
                             f'found ({skipped} other files)')
        MMLogger.get_current_instance().info(
            f'UnlabeledImageDataset: {len(images)} images under '
            f'{self.data_root}; {skipped} non-image files skipped')
        return [dict(img_path=path) for path in sorted(images)]

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
