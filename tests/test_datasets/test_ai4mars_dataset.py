import os
import os.path as osp
import shutil

import numpy as np
import pytest
from mmengine.registry import DefaultScope
from PIL import Image

from mars_mm.datasets import AI4MarsDataset
from mars_mm.datasets.ai4mars_dataset import (RELEASE_DATA_PREFIX, mask_stem,
                                              sol_from_stem)
from mars_mm.datasets.transforms import CorruptImageError

PIPELINE = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='LoadAI4MarsAnnotations'),
    dict(type='PackSegInputs'),
]


def build(root: str, **kwargs) -> AI4MarsDataset:
    with DefaultScope.overwrite_default_scope('mmseg'):
        return AI4MarsDataset(data_root=root, pipeline=PIPELINE, **kwargs)


def load_gt(dataset: AI4MarsDataset, idx: int) -> np.ndarray:
    with DefaultScope.overwrite_default_scope('mmseg'):
        return dataset[idx]['data_samples'].gt_sem_seg.data[0].numpy()


def png(path: str) -> np.ndarray:
    return np.array(Image.open(path))


@pytest.fixture
def ai4mars_copy(demo_data_root, tmp_path) -> str:
    root = str(tmp_path / 'msl')
    shutil.copytree(demo_data_root['ai4mars'], root)
    return root


def test_sol_from_sclk_matches_public_examples():
    # Two public examples of the release's file names.
    assert sol_from_stem('NLB_516721703EDR_F0000000NCAM00000M1') == 1343
    assert sol_from_stem('FLB_431397159EDR_F0000000FHAZ00000M1') == 382
    with pytest.raises(ValueError, match='spacecraft clock'):
        sol_from_stem('NLB_51672X703EDR_F')


def test_mask_names_follow_the_release():
    stem = 'NLA_397681455EDR_F0020000AUT_04096M1'
    assert mask_stem(stem, 'rover_mask_path') == \
        'NLA_397681455MXY_F0020000AUT_04096M1'
    assert mask_stem(stem, 'range_mask_path') == \
        'NLA_397681455RNG_F0020000AUT_04096M1'
    assert RELEASE_DATA_PREFIX == dict(
        img_path='images/edr',
        seg_map_path='labels/train',
        rover_mask_path='images/mxy',
        range_mask_path='images/rng-30m')


def test_every_listed_mask_is_named_by_mask_stem(demo_data_root):
    """The demo writer and the dataset agree through the one naming rule."""
    root = demo_data_root['ai4mars']
    dataset = build(root)
    for idx in range(5):
        info = dataset.get_data_info(idx)
        stem = osp.splitext(osp.basename(info['img_path']))[0]
        for key in ('rover_mask_path', 'range_mask_path'):
            assert info[key] == osp.join(root, RELEASE_DATA_PREFIX[key],
                                         mask_stem(stem, key) + '.png')
            assert osp.isfile(info[key])


def test_labelled_and_unlabeled_listing(demo_data_root):
    root = demo_data_root['ai4mars']
    images = sorted(os.listdir(osp.join(root, 'images', 'edr')))
    labels = set(os.listdir(osp.join(root, 'labels', 'train')))
    labelled = build(root)
    unlabeled = build(root, unlabeled=True)
    expected_labelled = [i for i in images
                         if i.replace('.JPG', '.png') in labels]
    assert [osp.basename(labelled.get_data_info(i)['img_path'])
            for i in range(len(labelled))] == expected_labelled
    assert len(labelled) + len(unlabeled) == len(images)
    assert all(unlabeled.get_data_info(i)['seg_map_path'] is None
               for i in range(len(unlabeled)))
    assert np.all(load_gt(unlabeled, 0) == 255)
    info = labelled.get_data_info(5)
    assert info['sol'] == sol_from_stem(
        osp.basename(info['img_path'])[:-len('.JPG')])
    assert labelled.metainfo['classes'] == ('soil', 'bedrock', 'sand',
                                            'big rock')


def test_rover_and_range_masks_become_ignored(demo_data_root):
    root = demo_data_root['ai4mars']
    masked = build(root)
    info = masked.get_data_info(0)
    label = png(info['seg_map_path'])
    rover = png(info['rover_mask_path'])
    far = png(info['range_mask_path'])
    assert rover.any() and far.any()
    expected = label.copy()
    expected[(rover != 0) | (far != 0)] = 255
    np.testing.assert_array_equal(load_gt(masked, 0), expected)

    only_rover = build(
        root,
        data_prefix=dict(
            img_path='images/edr',
            seg_map_path='labels/train',
            rover_mask_path='images/mxy',
            range_mask_path=None))
    expected = label.copy()
    expected[rover != 0] = 255
    np.testing.assert_array_equal(load_gt(only_rover, 0), expected)
    assert only_rover.get_data_info(0)['range_mask_path'] is None


def test_gold_test_labels_with_merged_suffix(demo_data_root):
    root = demo_data_root['ai4mars']
    folder = osp.join('labels', 'test', 'masked-gold-min2-100agree')
    gold = build(
        root,
        data_prefix=dict(
            img_path='images/edr',
            seg_map_path=folder,
            rover_mask_path=None,
            range_mask_path=None),
        seg_map_suffix='_merged.png')
    names = sorted(os.listdir(osp.join(root, folder)))
    assert len(gold) == len(names)
    info = gold.get_data_info(0)
    assert info['seg_map_path'].endswith(names[0])
    np.testing.assert_array_equal(load_gt(gold, 0),
                                  png(osp.join(root, folder, names[0])))


def test_split_file_selects_stems(demo_data_root):
    root = demo_data_root['ai4mars']
    with open(osp.join(root, 'splits', 'val.txt')) as f:
        stems = f.read().split()
    dataset = build(root, ann_file='splits/val.txt')
    assert [osp.basename(dataset.get_data_info(i)['img_path'])
            for i in range(len(dataset))] == [s + '.JPG' for s in stems]


def test_split_file_errors_name_file_and_line(ai4mars_copy):
    split = osp.join(ai4mars_copy, 'splits', 'bad.txt')
    with open(split, 'w') as f:
        f.write('\nNLA_000000000EDR_missing\n')
    with pytest.raises(FileNotFoundError, match=r'bad.txt:2: image'):
        build(ai4mars_copy, ann_file='splits/bad.txt')
    with pytest.raises(FileNotFoundError, match='split file not found'):
        build(ai4mars_copy, ann_file='splits/none.txt')


def test_bad_label_values_name_the_file(ai4mars_copy):
    dataset = build(ai4mars_copy)
    path = dataset.get_data_info(1)['seg_map_path']
    label = png(path)
    label[0, 0] = 7
    Image.fromarray(label).save(path)
    with pytest.raises(ValueError, match=rf'{osp.basename(path)}: label '
                       r'values \[7\]'):
        load_gt(dataset, 1)


def test_16_bit_label_names_the_file(ai4mars_copy):
    dataset = build(ai4mars_copy)
    path = dataset.get_data_info(1)['seg_map_path']
    # 256 would read as 0 (soil) once cast to 8 bits.
    Image.fromarray(png(path).astype(np.uint16) + 256).save(path)
    with pytest.raises(ValueError, match=rf'{osp.basename(path)}: expected '
                       'an 8-bit label PNG, got uint16'):
        load_gt(dataset, 1)


def test_mask_of_other_size_names_the_file(ai4mars_copy):
    dataset = build(ai4mars_copy)
    path = dataset.get_data_info(2)['rover_mask_path']
    Image.fromarray(np.zeros((10, 12), np.uint8)).save(path)
    with pytest.raises(ValueError, match=rf'{osp.basename(path)}: size 12x10 '
                       'differs from its image'):
        load_gt(dataset, 2)


def test_missing_mask_names_the_file(ai4mars_copy):
    dataset = build(ai4mars_copy)
    path = dataset.get_data_info(0)['range_mask_path']
    os.remove(path)
    with pytest.raises(FileNotFoundError, match=osp.basename(path)):
        build(ai4mars_copy)


def test_truncated_image_names_the_file(ai4mars_copy):
    dataset = build(ai4mars_copy)
    path = dataset.get_data_info(3)['img_path']
    with open(path, 'rb') as f:
        data = f.read()
    with open(path, 'wb') as f:
        f.write(data[:-200])
    with pytest.raises(CorruptImageError, match=osp.basename(path)):
        load_gt(dataset, 3)


def test_listed_image_without_label_names_the_label(ai4mars_copy):
    with open(osp.join(ai4mars_copy, 'splits', 'train.txt')) as f:
        stem = f.readline().strip()
    label = osp.join(ai4mars_copy, 'labels', 'train', stem + '.png')
    os.remove(label)
    with pytest.raises(FileNotFoundError,
                       match=rf'train.txt: label .*{stem}.png of listed '
                       'image'):
        build(ai4mars_copy, ann_file='splits/train.txt')


def test_listed_images_as_unlabeled_keep_no_label(demo_data_root,
                                                    tmp_path):
    root = demo_data_root['ai4mars']
    labelled = build(root)
    stems = [
        osp.basename(labelled.get_data_info(i)['img_path'])[:-len('.JPG')]
        for i in (2, 0, 6)
    ]
    listing = tmp_path / 'train_unlabelled.txt'
    listing.write_text(''.join(f'{stem}\n' for stem in stems))
    unlabeled = build(root, ann_file=str(listing), unlabeled=True)
    assert [osp.basename(unlabeled.get_data_info(i)['img_path'])
            for i in range(len(unlabeled))] == [s + '.JPG' for s in stems]
    # These images have label files; listed as unlabelled, none is read.
    assert all(unlabeled.get_data_info(i)['seg_map_path'] is None
               for i in range(len(unlabeled)))
    assert np.all(load_gt(unlabeled, 0) == 255)
    assert np.any(load_gt(labelled, 2) != 255)


def test_stem_listed_twice_names_file_and_both_lines(ai4mars_copy):
    """Guards issue 12, bug 2: a stem listed twice in a split file used to
    give the image twice (34 images instead of 32), without a warning."""
    path = osp.join(ai4mars_copy, 'splits', 'train.txt')
    with open(path) as f:
        lines = f.readlines()
    with open(path, 'w') as f:
        f.writelines(lines[:2] + [lines[0]] + lines[2:])
    with pytest.raises(ValueError, match=r'train.txt:1 and :3: image .* '
                       'listed twice'):
        build(ai4mars_copy, ann_file='splits/train.txt')


def test_stem_outside_data_root_is_refused_unless_allowed(ai4mars_copy):
    """Guards issue 12, weak 7: a split line that resolves outside data_root
    (``../../x``) used to be read silently."""
    with open(osp.join(ai4mars_copy, 'splits', 'train.txt')) as f:
        stem = f.readline().strip()
    outside = osp.join(osp.dirname(ai4mars_copy), 'elsewhere')
    os.makedirs(outside)
    for folder, suffix in (('images/edr', '.JPG'), ('labels/train', '.png')):
        os.makedirs(osp.join(outside, folder))
        shutil.copy(osp.join(ai4mars_copy, folder, stem + suffix),
                    osp.join(outside, folder, stem + suffix))
    path = osp.join(ai4mars_copy, 'splits', 'outside.txt')
    with open(path, 'w') as f:
        f.write(f'../../../elsewhere/images/edr/{stem}\n')
    with pytest.raises(ValueError, match=r'outside.txt:1: .* resolves '
                       'outside data_root'):
        build(ai4mars_copy, ann_file='splits/outside.txt',
              data_prefix=dict(img_path='images/edr',
                               seg_map_path='labels/train',
                               rover_mask_path=None, range_mask_path=None),
              unlabeled=True)
    dataset = build(ai4mars_copy, ann_file='splits/outside.txt',
                    data_prefix=dict(img_path='images/edr',
                                     seg_map_path='labels/train',
                                     rover_mask_path=None,
                                     range_mask_path=None),
                    unlabeled=True, allow_outside_data_root=True)
    assert len(dataset) == 1


def test_empty_image_of_the_val_split_names_the_file(ai4mars_copy):
    """Guards issue 12, bug 3: a zero-byte image of val/test stopped in the
    stock LoadImageFromFile of the test pipelines with cv2's
    ``!buf.empty()``, naming no file."""
    with open(osp.join(ai4mars_copy, 'splits', 'val.txt')) as f:
        stem = f.readline().strip()
    open(osp.join(ai4mars_copy, 'images', 'edr', stem + '.JPG'), 'wb').close()
    with pytest.raises(CorruptImageError,
                       match=rf'{stem}.JPG: empty image file'):
        with DefaultScope.overwrite_default_scope('mmseg'):
            AI4MarsDataset(data_root=ai4mars_copy, ann_file='splits/val.txt',
                           pipeline=[dict(type='LoadImageFromFile')])
