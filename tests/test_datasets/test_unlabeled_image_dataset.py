import os
import os.path as osp
import shutil

import pytest
from mmengine.registry import DefaultScope

from mars_mm.datasets import UnlabeledImageDataset
from mars_mm.datasets.transforms import CorruptImageError

PIPELINE = [dict(type='LoadCheckedImageFromFile'), dict(type='PackInputs')]


def walk_files(root: str) -> list:
    return sorted(
        osp.join(folder, name) for folder, _, names in os.walk(root)
        for name in names)


def test_lists_images_of_any_case_and_skips_other_files(demo_data_root):
    root = demo_data_root['msl_unlabeled']
    dataset = UnlabeledImageDataset(root)
    files = walk_files(root)
    images = [f for f in files if f.lower().endswith(('.jpg', '.jpeg',
                                                      '.png'))]
    assert len(images) == len(files) - 1  # the PDS label text file
    listed = [
        dataset.get_data_info(i)['img_path'] for i in range(len(dataset))
    ]
    assert listed == images
    suffixes = {osp.splitext(p)[1] for p in listed}
    assert {'.JPG', '.jpg', '.png', '.jpeg'} <= suffixes


def test_unreadable_image_is_skipped_in_training(demo_data_root, tmp_path):
    root = str(tmp_path / 'unlabeled')
    shutil.copytree(demo_data_root['msl_unlabeled'], root)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = UnlabeledImageDataset(root, pipeline=PIPELINE)
        broken = dataset.get_data_info(3)['img_path']
        with open(broken, 'rb') as f:
            data = f.read()
        with open(broken, 'wb') as f:
            f.write(data[:len(data) // 2])  # a cut-off download
        sample = dataset[3]
        assert sample['data_samples'].img_path != broken
        assert dataset.num_unreadable == 1

        strict = UnlabeledImageDataset(root, pipeline=PIPELINE,
                                       test_mode=True)
        with pytest.raises(CorruptImageError, match=osp.basename(broken)):
            strict[3]


def test_folder_without_images_is_an_error(tmp_path):
    (tmp_path / 'notes.txt').write_text('no images here')
    with pytest.raises(ValueError, match='no .jpg/.jpeg/.png image'):
        UnlabeledImageDataset(str(tmp_path))
    with pytest.raises(FileNotFoundError, match='folder not found'):
        UnlabeledImageDataset(str(tmp_path / 'missing'))


def test_ann_file_lists_exactly_its_images(demo_data_root, tmp_path):
    root = demo_data_root['msl_unlabeled']
    images = [
        f for f in walk_files(root)
        if f.lower().endswith(('.jpg', '.jpeg', '.png'))
    ]
    chosen = [images[4], images[1], images[7]]
    listing = tmp_path / 'list.txt'
    listing.write_text(''.join(osp.relpath(p, root) + '\n\n'
                               for p in chosen))
    dataset = UnlabeledImageDataset(root, ann_file=str(listing))
    assert [dataset.get_data_info(i)['img_path']
            for i in range(len(dataset))] == chosen

    listing.write_text(osp.relpath(chosen[0], root) + '\nmissing.jpg\n')
    with pytest.raises(FileNotFoundError, match=r'list.txt:2: image .*'
                       'missing.jpg not found'):
        UnlabeledImageDataset(root, ann_file=str(listing))
    listing.write_text('\n')
    with pytest.raises(ValueError, match='list.txt: lists no image'):
        UnlabeledImageDataset(root, ann_file=str(listing))


def test_pds_products_are_listed_once_and_loaded(tmp_path):
    import numpy as np

    from mars_mm.utils.pds_samples import write_pds3_image, write_pds4_image
    root = tmp_path / 'pds'
    (root / 'sol00100').mkdir(parents=True)
    grey = np.full((8, 10), 4000, np.uint16)
    write_pds3_image(str(root / 'sol00100' / 'ATT.IMG'), grey,
                     bit_mask_bits=12)
    write_pds3_image(str(root / 'sol00100' / 'DET.IMG'), grey,
                     attached=False)
    write_pds4_image(str(root / 'sol00100' / 'P4.xml'), grey)  # + P4.IMG
    write_pds4_image(str(root / 'Q4.xml'), grey, data_name='Q4.dat')
    (root / 'notes.aux.xml').write_text('<PAMDataset/>')
    pipeline = [dict(type='LoadPDSImageFromFile'), dict(type='PackInputs')]
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = UnlabeledImageDataset(str(root), pipeline=pipeline)
        listed = [
            osp.relpath(dataset.get_data_info(i)['img_path'], root)
            for i in range(len(dataset))
        ]
        assert listed == ['Q4.xml', 'sol00100/ATT.IMG', 'sol00100/DET.IMG',
                          'sol00100/P4.IMG']
        first = dataset[1]['inputs']  # ATT.IMG: 12-bit, 4000 >> 4
        assert tuple(first.shape) == (3, 8, 10)
        assert int(first.max()) == 4000 >> 4


def test_semi_config_unsup_stream_reads_pds_products(tmp_path):
    import numpy as np
    from mmengine.config import Config

    from mars_mm.utils.pds_samples import write_pds3_image
    cfg = Config.fromfile(
        osp.join(osp.dirname(osp.dirname(osp.dirname(
            osp.abspath(__file__)))), 'configs', 'msl_semi.py'))
    unsup = cfg.train_dataloader.dataset.datasets[2]
    assert unsup.type == 'UnlabeledImageDataset'
    unsup.data_root = str(tmp_path)
    write_pds3_image(str(tmp_path / 'A.IMG'),
                     np.full((300, 300), 4095, np.uint16), bit_mask_bits=12)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        from mmpretrain.registry import DATASETS
        sample = DATASETS.build(unsup)[0]
    assert len(sample['inputs']) == 2  # two strong views
