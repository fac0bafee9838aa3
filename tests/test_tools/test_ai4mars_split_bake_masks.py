import importlib.util
import os
import os.path as osp
import shutil
import sys

import numpy as np
import pytest
from mmengine.registry import init_default_scope
from PIL import Image

from mars_mm.datasets import AI4MarsDataset

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def run_tool(monkeypatch, *args: str) -> None:
    """``tools/dataset_converters/ai4mars_split.py ARGS``, in this process
    (a subprocess would spend most of the test importing the stack)."""
    path = osp.join(REPO_ROOT, 'tools/dataset_converters/ai4mars_split.py')
    spec = importlib.util.spec_from_file_location('ai4mars_split', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys, 'argv', [path, *args])
    module.main()


def masks_read(root: str) -> AI4MarsDataset:
    """The dataset with both masks read at load time."""
    return AI4MarsDataset(
        data_root=root,
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadAI4MarsAnnotations')
        ])


def masks_baked(root: str, label_dir: str, loader: dict) -> AI4MarsDataset:
    """The dataset on baked labels, mask folders switched off."""
    return AI4MarsDataset(
        data_root=root,
        data_prefix=dict(
            img_path='images/edr',
            seg_map_path=label_dir,
            rover_mask_path=None,
            range_mask_path=None),
        pipeline=[dict(type='LoadImageFromFile'), loader])


def test_baked_labels_equal_ours_with_masks_under_the_stock_loader(
        demo_data_root, tmp_path, monkeypatch, capsys):
    init_default_scope('mmseg')
    root = str(tmp_path / 'msl')
    shutil.copytree(demo_data_root['ai4mars'], root)
    labels_before = {
        name: np.array(Image.open(osp.join(root, 'labels/train', name)))
        for name in os.listdir(osp.join(root, 'labels/train'))
    }
    run_tool(monkeypatch, root, '--out-dir', str(tmp_path / 'splits'),
             '--bake-masks', 'labels/train-masked', '--no-summary')
    assert f'{len(labels_before)} label maps with the rover and range ' \
        'masks applied' in capsys.readouterr().out
    assert sorted(os.listdir(osp.join(root, 'labels/train-masked'))) == \
        sorted(labels_before)
    ours = masks_read(root)
    baked = masks_baked(root, 'labels/train-masked',
                        dict(type='LoadAnnotations'))
    assert len(ours) == len(baked) == len(labels_before)
    num_masked = 0
    for i in range(len(ours)):
        expected, got = ours[i]['gt_seg_map'], baked[i]['gt_seg_map']
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, expected)
        original = labels_before[osp.basename(baked[i]['seg_map_path'])]
        num_masked += int(((original != 255) & (got == 255)).sum())
    # The masks did cover labelled pixels, and the originals are untouched.
    assert num_masked > 0
    for name, label in labels_before.items():
        np.testing.assert_array_equal(
            np.array(Image.open(osp.join(root, 'labels/train', name))),
            label)


def test_baking_into_the_label_folder_is_refused(demo_data_root, tmp_path,
                                                 monkeypatch):
    with pytest.raises(ValueError, match='is the label folder'):
        run_tool(monkeypatch, demo_data_root['ai4mars'], '--out-dir',
                 str(tmp_path), '--bake-masks', 'labels/train',
                 '--no-summary')


def test_labels_baked_at_254_keep_the_valid_pixel_map(demo_data_root,
                                                      tmp_path, monkeypatch):
    """One PNG per label, and the masks still kept apart from unlabelled
    terrain: what the pseudo labels need (gt_valid_mask)."""
    init_default_scope('mmseg')
    root = str(tmp_path / 'msl')
    shutil.copytree(demo_data_root['ai4mars'], root)
    run_tool(monkeypatch, root, '--out-dir', str(tmp_path / 'splits'),
             '--bake-masks', 'labels/train-254', '--masked-value', '254',
             '--no-summary')
    ours = masks_read(root)
    baked = masks_baked(
        root, 'labels/train-254',
        dict(type='LoadAI4MarsAnnotations', masked_index=254))
    num_invalid = 0
    for i in range(len(ours)):
        expected, got = ours[i], baked[i]
        raw = np.array(Image.open(baked.get_data_info(i)['seg_map_path']))
        np.testing.assert_array_equal(raw == 254,
                                      expected['gt_valid_mask'] == 0)
        np.testing.assert_array_equal(got['gt_seg_map'],
                                      expected['gt_seg_map'])
        np.testing.assert_array_equal(got['gt_valid_mask'],
                                      expected['gt_valid_mask'])
        num_invalid += int((got['gt_valid_mask'] == 0).sum())
    assert num_invalid > 0


@pytest.mark.parametrize('value', ['3', '256'])
def test_masked_value_that_is_a_class_or_no_byte_is_refused(
        demo_data_root, tmp_path, monkeypatch, value):
    root = str(tmp_path / 'msl')
    shutil.copytree(demo_data_root['ai4mars'], root)
    with pytest.raises(ValueError, match='--masked-value'):
        run_tool(monkeypatch, root, '--out-dir', str(tmp_path / 'splits'),
                 '--bake-masks', 'labels/x', '--masked-value', value,
                 '--no-summary')
