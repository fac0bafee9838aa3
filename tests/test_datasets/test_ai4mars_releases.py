"""The dataset configs of AI4Mars releases beyond 0.1 MSL, on generated
trees with the releases' folder and file names."""
import os
import os.path as osp
import shutil

import numpy as np
from mmengine.config import Config
from mmengine.registry import DATASETS, DefaultScope
from PIL import Image

from mars_mm.datasets.ai4mars_time_split import (labelled_stems, split_by_time,
                                                 write_split)
from mars_mm.utils.demo_data import make_ai4mars_demo

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MER_STEMS = ['1N128285186EFF0000P1001L0M1', '1N130766060EFF0500P1570L0M1',
             '2N126468345EFF0200P1800R0M1', '2N127000001EFF0300P1801L0M1']


def build(config: str, key: str, data_root: str):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    dataset = cfg[key].dataset
    dataset.data_root = data_root
    with DefaultScope.overwrite_default_scope('mmseg'):
        return DATASETS.build(dataset)


def make_mer_tree(root: str) -> np.ndarray:
    """mer/images/eff (4 images), mer/labels/train (3 of them labelled)."""
    rng = np.random.default_rng(0)
    label = rng.integers(0, 4, (32, 32)).astype(np.uint8)
    label[:4] = 255
    for i, stem in enumerate(MER_STEMS):
        img = osp.join(root, 'images', 'eff', stem + '.JPG')
        Image.fromarray(rng.integers(0, 256, (32, 32), np.uint8)).save(
            _mkdir(img), format='JPEG')
        if i < 3:
            Image.fromarray(label).save(
                _mkdir(osp.join(root, 'labels', 'train', stem + '.png')))
    splits = osp.join(root, 'splits')
    with open(_mkdir(osp.join(splits, 'val.txt')), 'w') as f:
        f.write(MER_STEMS[0] + '\n')
    with open(osp.join(splits, 'test.txt'), 'w') as f:
        f.write(MER_STEMS[1] + '\n' + MER_STEMS[2] + '\n')
    return label


def _mkdir(path: str) -> str:
    os.makedirs(osp.dirname(path), exist_ok=True)
    return path


def test_mer_config_reads_the_mer_layout(tmp_path):
    root = str(tmp_path / 'ai4mars-dataset-merged-0.6' / 'mer')
    label = make_mer_tree(root)
    config = 'configs/_base_/datasets/ai4mars_mer.py'
    train = build(config, 'train_dataloader', root)
    assert [osp.basename(d['img_path']) for d in train.load_data_list()] == [
        s + '.JPG' for s in sorted(MER_STEMS[:3])]
    info = train.get_data_info(0)
    assert info['sol'] is None and info['rover_mask_path'] is None
    sample = train[0]  # the whole train pipeline, without masks
    assert sample['data_samples'].gt_sem_seg.data.shape[0] == 1
    assert len(build(config, 'val_dataloader', root)) == 1
    test = build(config, 'test_dataloader', root)
    assert len(test) == 2
    loaded = test.pipeline.transforms[2](  # LoadAI4MarsAnnotations
        test.pipeline.transforms[0](dict(test.get_data_info(0))))
    assert np.array_equal(loaded['gt_seg_map'], label)


def test_v06_msl_ncam_config_reads_msl_under_ncam(tmp_path):
    # 0.1's msl/ tree, placed where 0.6 puts it.
    demo = make_ai4mars_demo(str(tmp_path / 'demo'))
    root = str(tmp_path / 'ai4mars-dataset-merged-0.6' / 'msl' / 'ncam')
    shutil.copytree(demo, root)
    write_split(split_by_time(labelled_stems(root)),
                osp.join(root, 'splits'))
    config = 'configs/_base_/datasets/ai4mars_v06_msl_ncam.py'
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    assert cfg.train_dataloader.dataset.data_root.endswith('0.6/msl/ncam')
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = build(config, key, root)
        assert len(dataset) > 0
        info = dataset.get_data_info(0)
        assert '/images/edr/' in info['img_path']
        assert info['rover_mask_path'].startswith(osp.join(root, 'images',
                                                           'mxy'))
        assert isinstance(info['sol'], int)
