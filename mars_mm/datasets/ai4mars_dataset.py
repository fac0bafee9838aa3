"""AI4Mars terrain segmentation (Swan et al. 2021) in its release layout."""
import os
import os.path as osp
from typing import List, Optional

from mmengine.logging import MMLogger
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .split_paths import is_inside
from .transforms import CorruptImageError

# Spacecraft clock (s past J2000) at the start of sol 0, and seconds per sol.
MSL_SOL0_SCLK = 397446666.183
MSL_SOL_SECONDS = 88775.244

# The release's file naming, stated once (the dataset, the split tool, the
# demo data, tools/infer.py and the loading benchmark use these): folders of
# ``ai4mars-dataset-merged-0.1/msl``, and the tag that replaces ``EDR`` in an
# image's stem to name its rover (``MXY``) and range (``RNG``) masks.
RELEASE_DATA_PREFIX = dict(
    img_path='images/edr',
    seg_map_path='labels/train',
    rover_mask_path='images/mxy',
    range_mask_path='images/rng-30m')
MASK_TAGS = dict(rover_mask_path='MXY', range_mask_path='RNG')


def mask_stem(image_stem: str, mask_key: str) -> str:
    """The stem of an image's rover or range mask file.

    Args:
        image_stem (str): E.g. ``NLA_397681455EDR_F0020000AUT_04096M1``.
        mask_key (str): ``'rover_mask_path'`` or ``'range_mask_path'`` (the
            ``data_prefix`` key of the mask's folder).

    Returns:
        str: The stem with ``EDR`` replaced by ``MXY`` or ``RNG``.
    """
    return image_stem.replace('EDR', MASK_TAGS[mask_key])


def sol_from_stem(stem: str) -> int:
    """The sol of an MSL EDR image from the SCLK in its name.

    Characters 5-13 of e.g. ``NLA_397681455EDR_F0020000AUT_04096M1`` are the
    spacecraft clock in seconds; a sol is 88,775.244 s of it, counted from
    the landing, and clock drift is ignored.

    Args:
        stem (str): File name without extension.

    Returns:
        int: ``floor((SCLK - 397446666.183) / 88775.244)``.
    """
    sclk = stem[4:13]
    if not sclk.isdigit():
        raise ValueError(f'{stem}: characters 5-13 are not a spacecraft '
                         'clock (expected e.g. NLA_397681455EDR_...)')
    return int((int(sclk) - MSL_SOL0_SCLK) // MSL_SOL_SECONDS)


@DATASETS.register_module()
class AI4MarsDataset(BaseSegDataset):
    """AI4Mars terrain segmentation (Swan et al. 2021), MSL part.

    Reads ``ai4mars-dataset-merged-0.1/msl`` as released; folders and
    suffixes are arguments, so later releases need a config, not code.
    Crowd-sourced training labels are ``labels/train/<stem>.png``; expert
    test labels are ``labels/test/masked-gold-min{1,2,3}-100agree/
    <stem>_merged.png`` (set ``data_prefix.seg_map_path`` and
    ``seg_map_suffix='_merged.png'``). Label 255 is ignored. The rover and
    range masks are looked up by replacing ``EDR`` in the image stem with
    ``MXY`` / ``RNG``; their pixels become 255 in
    :class:`LoadAI4MarsAnnotations`, which the pipeline must use.

    Which images: with ``ann_file`` (a file of image stems, one per line,
    e.g. written by ``tools/dataset_converters/ai4mars_split.py``) those
    images, each of which must have a label; without it, every image of
    ``img_path`` that has a label file. With ``unlabeled=True``, the images
    that have no label file instead (all pixels 255): the unlabelled pool
    for the semi-supervised stream; with ``unlabeled=True`` and ``ann_file``,
    the listed images, whose labels (if any) are not read (e.g. the
    ``train_unlabelled.txt`` of ``ai4mars_split.py --labelled-fraction``).
    Each sample carries its ``sol``. An empty (zero-byte) image file is an
    error naming it, when the images are listed. A stem listed twice in
    ``ann_file`` is an error naming the file and both line numbers.

    Args:
        data_prefix (dict): ``img_path`` (images), ``seg_map_path`` (labels),
            ``rover_mask_path`` and ``range_mask_path`` (None switches that
            mask off), relative to ``data_root``. Defaults to the 0.1 layout
            with training labels.
        img_suffix (str): Image suffix. Defaults to '.JPG'.
        seg_map_suffix (str): Label suffix after the stem. Defaults to '.png'.
        mask_suffix (str): Suffix of the mask files. Defaults to '.png'.
        unlabeled (bool): List the images without a label file instead, or,
            with ``ann_file``, the listed images without their labels.
            Defaults to False.
        allow_outside_data_root (bool): Accept ``ann_file`` lines whose image
            resolves outside ``data_root`` (``../../x``). Defaults to False:
            such a line is an error naming file and line.
        sol_from_name (bool): Read each sample's ``sol`` from the MSL
            spacecraft clock in its name (:func:`sol_from_stem`). False for
            names that hold no MSL clock (the MER part of later releases,
            ``mer/images/eff``): ``sol`` is then None. Defaults to True.
        **kwargs: Other arguments of mmseg's ``BaseSegDataset``.
    """

    METAINFO = dict(
        classes=('soil', 'bedrock', 'sand', 'big rock'),
        palette=[[128, 64, 32], [160, 160, 160], [230, 200, 90],
                 [70, 40, 150]])

    def __init__(self,
                 data_prefix: dict = RELEASE_DATA_PREFIX,
                 img_suffix: str = '.JPG',
                 seg_map_suffix: str = '.png',
                 mask_suffix: str = '.png',
                 unlabeled: bool = False,
                 allow_outside_data_root: bool = False,
                 sol_from_name: bool = True,
                 **kwargs) -> None:
        self.mask_suffix = mask_suffix
        self.sol_from_name = sol_from_name
        self.unlabeled = unlabeled
        self.allow_outside_data_root = allow_outside_data_root
        kwargs.setdefault('reduce_zero_label', False)
        # mmengine joins every prefix with data_root: a switched-off mask
        # (None) is left out rather than passed on.
        super().__init__(
            data_prefix={k: v
                         for k, v in data_prefix.items() if v is not None},
            img_suffix=img_suffix,
            seg_map_suffix=seg_map_suffix,
            **kwargs)

    def _mask_path(self, key: str, stem: str) -> Optional[str]:
        folder = self.data_prefix.get(key)
        if not folder:
            return None
        path = osp.join(folder, mask_stem(stem, key) + self.mask_suffix)
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'{path}: {MASK_TAGS[key]} mask of image {stem} not found '
                f'(set data_prefix.{key}=None to switch this mask off)')
        return path

    def _stems_from_ann_file(self, img_dir: str) -> List[str]:
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'{self.ann_file}: split file not found')
        stems, first_line = [], {}
        with open(self.ann_file) as f:
            for n, line in enumerate(f, 1):
                stem = line.strip()
                if not stem:
                    continue
                if stem in first_line:
                    raise ValueError(
                        f'{self.ann_file}:{first_line[stem]} and :{n}: image '
                        f'{stem} listed twice (remove one line)')
                first_line[stem] = n
                img_path = osp.join(img_dir, stem + self.img_suffix)
                root = self.data_root or img_dir
                if not (self.allow_outside_data_root
                        or is_inside(img_path, root)):
                    raise ValueError(
                        f'{self.ann_file}:{n}: {stem} resolves outside '
                        f'data_root {root} (pass allow_outside_data_root=True '
                        'to accept it)')
                if not osp.isfile(osp.join(img_dir, stem + self.img_suffix)):
                    raise FileNotFoundError(
                        f'{self.ann_file}:{n}: image {stem}{self.img_suffix} '
                        f'not found in {img_dir}')
                stems.append(stem)
        return stems

    def _stems_from_folder(self, img_dir: str) -> List[str]:
        if not osp.isdir(img_dir):
            raise FileNotFoundError(f'{img_dir}: image folder not found')
        suffix = self.img_suffix
        return sorted(name[:-len(suffix)] for name in os.listdir(img_dir)
                      if name.endswith(suffix))

    def load_data_list(self) -> List[dict]:
        """List the images, their labels and masks.

        Returns:
            list[dict]: ``img_path``, ``seg_map_path`` (None when unlabelled),
            ``rover_mask_path``, ``range_mask_path``, ``sol`` and the fields
            mmseg's pipeline expects.
        """
        img_dir = self.data_prefix['img_path']
        ann_dir = self.data_prefix.get('seg_map_path')
        if self.ann_file:
            stems = self._stems_from_ann_file(img_dir)
        else:
            stems = self._stems_from_folder(img_dir)
        data_list, num_other = [], 0
        for stem in stems:
            label = (osp.join(ann_dir, stem + self.seg_map_suffix)
                     if ann_dir else None)
            has_label = label is not None and osp.isfile(label)
            if self.ann_file and self.unlabeled:
                # Listed as unlabelled: whatever label file exists is unused.
                label, has_label = None, False
            elif self.ann_file and not has_label:
                raise FileNotFoundError(
                    f'{self.ann_file}: label {label} of listed image {stem} '
                    'not found')
            if has_label == self.unlabeled:
                num_other += 1
                continue
            img_path = osp.join(img_dir, stem + self.img_suffix)
            if osp.getsize(img_path) == 0:
                # The stock LoadImageFromFile of the test pipelines would
                # stop in OpenCV (!buf.empty()) without naming the file.
                raise CorruptImageError(f'{img_path}: empty image file')
            data_list.append(
                dict(
                    img_path=img_path,
                    seg_map_path=label if has_label else None,
                    rover_mask_path=self._mask_path('rover_mask_path', stem),
                    range_mask_path=self._mask_path('range_mask_path', stem),
                    sol=(sol_from_stem(osp.basename(stem))
                         if self.sol_from_name else None),
                    label_map=self.label_map,
                    reduce_zero_label=self.reduce_zero_label,
                    seg_fields=[]))
        kind, other = (('unlabelled', 'labelled') if self.unlabeled else
                       ('labelled', 'unlabelled'))
        left_out = '' if self.ann_file else (
            f' ({num_other} {other} images left out)')
        MMLogger.get_current_instance().info(
            f'AI4MarsDataset: {len(data_list)} {kind} images from '
            f'{img_dir}{left_out}')
        return data_list
