"""The MSL surface classification dataset (Wagstaff et al. 2018)."""
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmengine.logging import MMLogger
from mmpretrain.datasets import BaseDataset
from mmpretrain.registry import DATASETS

from .split_paths import is_inside
from .transforms import CorruptImageError

_SPLITS = ('train', 'val', 'test', 'trainval')


@DATASETS.register_module()
class MSLSurfaceDataset(BaseDataset):
    """The MSL surface classification dataset (Wagstaff et al. 2018).

    Reads the release as it is (``msl-images/``): the split files
    ``{train,val,test}-calibrated-shuffled.txt`` hold ``<relative path>
    <raw id>`` lines, and ``msl_synset_words-indexed.txt`` holds ``<raw id>
    <name>`` lines. Raw ids are mapped to contiguous training labels in synset
    order, leaving out the classes in ``exclude_classes`` (by default ``sun``,
    which has no image, giving the paper's 24 classes). The mapping is in
    ``metainfo['raw_ids']`` (raw id of each label) and :attr:`raw_to_label`.
    Each sample carries the ``sol`` encoded in the first four characters of
    its file name.

    The paper re-splits train and val at random (Sec. 6.1): with
    ``reshuffle_seed`` set, the ``train`` and ``val`` splits are drawn from
    the pooled train+val lines, sorted first so that the same seed gives the
    same split on every machine and rank. ``test`` is never reshuffled.

    An empty (zero-byte) image file is an error naming it, when the split is
    read.

    A class without any image in the split is named in a warning.

    An image listed twice, in one split file or in two of them (e.g. in the
    train and val files before the re-split), is an error that names the
    file(s) and both line numbers: an image is never on both sides of a
    split.

    The v2.1 release (``images/`` + ``{split}-set-v2.1.txt``) has the same
    line format: pass its ``split_files`` and a synset file.

    Args:
        data_root (str): The release folder, e.g. ``data/msl-images``.
        split (str): One of ``train``, ``val``, ``test``, ``trainval``.
        split_files (dict, optional): File of each of ``train``, ``val`` and
            ``test``, relative to ``data_root``. Defaults to the names of the
            release 1049137.
        synset_file (str): The ``<raw id> <name>`` file, relative to
            ``data_root``. Defaults to ``msl_synset_words-indexed.txt``.
        exclude_classes (Sequence[str]): Class names left out of the label
            space. A line with such a class is an error. Defaults to
            ``('sun',)``.
        reshuffle_seed (int, optional): Seed of the random train/val re-split.
            Defaults to None (the release's split).
        val_fraction (float): Fraction of train+val that goes to ``val`` when
            reshuffling. Defaults to 1640 / 5386, the release's proportion.
        allow_outside_data_root (bool): Accept split lines whose image
            resolves outside ``data_root`` (``../x.JPG``, absolute paths).
            Defaults to False: such a line is an error naming file and line.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``...).
    """

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 split_files: Optional[Dict[str, str]] = None,
                 synset_file: str = 'msl_synset_words-indexed.txt',
                 exclude_classes: Sequence[str] = ('sun', ),
                 reshuffle_seed: Optional[int] = None,
                 val_fraction: float = 1640 / 5386,
                 allow_outside_data_root: bool = False,
                 **kwargs) -> None:
        if split not in _SPLITS:
            raise ValueError(f'split must be one of {_SPLITS}, got {split!r}')
        if not 0 < val_fraction < 1:
            raise ValueError(
                f'val_fraction must be in (0, 1), got {val_fraction}')
        self.split = split
        self.split_files = split_files or dict(
            train='train-calibrated-shuffled.txt',
            val='val-calibrated-shuffled.txt',
            test='test-calibrated-shuffled.txt')
        self.reshuffle_seed = reshuffle_seed
        self.val_fraction = val_fraction
        self.allow_outside_data_root = allow_outside_data_root
        synset = sorted(self._parse_synset(osp.join(data_root, synset_file)))
        kept = [(raw, name) for raw, name in synset
                if name not in exclude_classes]
        self.raw_to_label = {raw: i for i, (raw, _) in enumerate(kept)}
        self.excluded_raw_ids = {
            raw
            for raw, name in synset if name in exclude_classes
        }
        metainfo = dict(
            classes=tuple(name for _, name in kept),
            raw_ids=tuple(raw for raw, _ in kept))
        metainfo.update(kwargs.pop('metainfo', None) or {})
        super().__init__(
            ann_file='',
            data_root=data_root,
            metainfo=metainfo,
            **kwargs)

    @staticmethod
    def _read_lines(path: str) -> List[Tuple[int, str]]:
        """Non-blank lines of a text file with their 1-based line numbers."""
        if not osp.isfile(path):
            raise FileNotFoundError(f'{path}: file not found')
        with open(path) as f:
            return [(n, line.strip()) for n, line in enumerate(f, 1)
                    if line.strip()]

    @classmethod
    def _parse_synset(cls, path: str) -> List[Tuple[int, str]]:
        entries: Dict[int, str] = {}
        for n, line in cls._read_lines(path):
            raw_id, _, name = line.partition(' ')
            if not raw_id.isdigit() or not name.strip():
                raise ValueError(f'{path}:{n}: expected "<id> <name>", got '
                                 f'{line!r}')
            if int(raw_id) in entries:
                raise ValueError(f'{path}:{n}: id {raw_id} listed twice')
            entries[int(raw_id)] = name.strip()
        return list(entries.items())

    def _check_no_image_listed_twice(self) -> None:
        """Raise ValueError for an image listed twice, in one split file or
        in two (naming both places), before any split is read."""
        seen: Dict[str, Tuple[str, int]] = {}
        for split in ('train', 'val', 'test'):
            path = osp.join(self.data_root, self.split_files[split])
            if split != self.split and not osp.isfile(path):
                continue
            for n, line in self._read_lines(path):
                image = osp.normpath(line.split()[0])
                if image in seen:
                    first, first_n = seen[image]
                    where = (f'{path}:{first_n} and :{n}' if first == path
                             else f'{first}:{first_n} and {path}:{n}')
                    raise ValueError(
                        f'{image} is listed twice ({where}): remove one line; '
                        'an image must not be on both sides of a split')
                seen[image] = (path, n)

    def _read_split(self, split: str) -> List[Tuple[str, int]]:
        """Lines ``(relative image path, label)`` of one split file."""
        path = osp.join(self.data_root, self.split_files[split])
        samples = []
        for n, line in self._read_lines(path):
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit():
                raise ValueError(f'{path}:{n}: expected "<image path> '
                                 f'<class id>", got {line!r}')
            rel_path, raw_id = parts[0], int(parts[1])
            if raw_id in self.excluded_raw_ids:
                raise ValueError(f'{path}:{n}: class id {raw_id} is excluded '
                                 '(exclude_classes) but has an image')
            if raw_id not in self.raw_to_label:
                raise ValueError(f'{path}:{n}: class id {raw_id} is not in '
                                 'the synset file')
            if not osp.basename(rel_path)[:4].isdigit():
                raise ValueError(f'{path}:{n}: {rel_path} does not start with '
                                 'a 4-digit sol')
            img_path = osp.join(self.data_root, rel_path)
            if not (self.allow_outside_data_root
                    or is_inside(img_path, self.data_root)):
                raise ValueError(
                    f'{path}:{n}: {rel_path} resolves outside data_root '
                    f'{self.data_root} (pass allow_outside_data_root=True to '
                    'accept it)')
            if not osp.isfile(img_path):
                raise FileNotFoundError(f'{path}:{n}: image {img_path} not '
                                        'found')
            if osp.getsize(img_path) == 0:
                # The stock LoadImageFromFile of the test pipelines would
                # stop in OpenCV (!buf.empty()) without naming the file.
                raise CorruptImageError(
                    f'{path}:{n}: {img_path}: empty image file')
            samples.append((rel_path, self.raw_to_label[raw_id]))
        return samples

    def _select_samples(self) -> List[Tuple[str, int]]:
        self._check_no_image_listed_twice()
        if self.split == 'test':
            return self._read_split('test')
        if self.reshuffle_seed is None:
            if self.split == 'trainval':
                return self._read_split('train') + self._read_split('val')
            return self._read_split(self.split)
        pool = sorted(self._read_split('train') + self._read_split('val'))
        if self.split == 'trainval':
            return pool
        order = np.random.default_rng(self.reshuffle_seed).permutation(
            len(pool))
        num_val = int(round(len(pool) * self.val_fraction))
        chosen = order[:num_val] if self.split == 'val' else order[num_val:]
        return [pool[i] for i in sorted(chosen)]

    def load_data_list(self) -> List[dict]:
        """Read the split (and synset) files into sample dicts.

        Returns:
            list[dict]: ``img_path``, ``gt_label`` (contiguous), ``raw_label``
            (release id) and ``sol`` of each image.
        """
        raw_ids = self.metainfo['raw_ids']
        data_list = [
            dict(
                img_path=osp.join(self.data_root, rel_path),
                gt_label=label,
                raw_label=raw_ids[label],
                sol=int(osp.basename(rel_path)[:4]))
            for rel_path, label in self._select_samples()
        ]
        present = set(d['gt_label'] for d in data_list)
        logger = MMLogger.get_current_instance()
        logger.info(f'MSLSurfaceDataset {self.split}: {len(data_list)} '
                    f'images, {len(present)} classes present')
        missing = [
            name for label, name in enumerate(self.metainfo['classes'])
            if label not in present
        ]
        if missing:
            logger.warning(
                f'MSLSurfaceDataset {self.split}: no image of class(es) '
                f'{", ".join(missing)} (their scores are never trained or '
                'evaluated; exclude_classes leaves a class out)')
        return data_list

    def extra_repr(self) -> List[str]:
        """The extra repr information of the dataset."""
        return [
            f'Root of dataset: \t{self.data_root}',
            f'Split: \t{self.split}',
            f'Reshuffle seed: \t{self.reshuffle_seed}',
        ]
