import os
import os.path as osp
import shutil
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config

from mars_mm.utils import merge_cfg_options

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def config(name: str) -> Config:
    return Config.fromfile(osp.join(REPO_ROOT, 'configs', name))


def test_class_count_reaches_head_preprocessor_and_balanced_batch():
    cfg = config('msl_semi.py')
    assert cfg.train_dataloader.sampler.batch_sizes == [16, 48, 16]
    merge_cfg_options(cfg, {'num_classes': 19})
    assert cfg.num_classes == 19
    assert cfg.model.head.num_classes == 19
    assert cfg.data_preprocessor.num_classes == 19
    # One group of 19 classes x 2 samples; the labelled and unlabelled
    # shares stay.
    assert cfg.train_dataloader.sampler.batch_sizes == [16, 38, 16]
    assert cfg.train_dataloader.batch_size == 16 + 38 + 16


def test_a_class_balanced_loader_alone_gets_the_new_group():
    cfg = config('msl_baselines/msl_resnet50_triplet.py')
    merge_cfg_options(cfg, {'num_classes': 19})
    assert cfg.model.head.num_classes == 19
    assert cfg.train_dataloader.batch_size == 19 * 2


def test_segmentation_heads_get_the_class_count():
    cfg = config('ai4mars_semi.py')
    merge_cfg_options(cfg, {'num_classes': 5})
    assert cfg.model.decode_head.num_classes == 5
    # The contrastive head's memory bank has one queue per class.
    assert cfg.model.auxiliary_head.type == 'MemoryBankContrastHead'
    assert cfg.model.auxiliary_head.num_classes == 5


def test_folders_move_with_their_variables():
    cfg = config('msl_semi.py')
    changes = merge_cfg_options(cfg, {
        'data_root': '/data/msl-v2.1',
        'unlabeled_root': '/data/pds'
    })
    sup, inter_class, unsup = cfg.train_dataloader.dataset.datasets
    assert sup.data_root == inter_class.data_root == '/data/msl-v2.1'
    assert unsup.data_root == '/data/pds'
    assert cfg.val_dataloader.dataset.data_root == '/data/msl-v2.1'
    assert cfg.test_dataloader.dataset.data_root == '/data/msl-v2.1'
    assert 'test_dataloader.dataset.data_root=/data/msl-v2.1' in changes


def test_paths_inside_a_folder_and_nested_folders():
    cfg = Config(
        dict(
            data_root='data/a',
            unlabeled_root='data/a/unlabelled',
            split_dir='labelled-5pct-seed0',
            train_dataloader=dict(datasets=[
                dict(data_root='data/a', ann_file='labelled-5pct-seed0/t.txt'),
                dict(data_root='data/a/unlabelled'),
                # Shares the prefix, not the folder.
                dict(data_root='data/ab'),
            ])))
    merge_cfg_options(cfg, {
        'data_root': '/new',
        'unlabeled_root': '/pds',
        'split_dir': 'labelled-20pct-seed3'
    })
    labelled, unlabeled, other = cfg.train_dataloader.datasets
    assert labelled.data_root == '/new'
    assert labelled.ann_file == 'labelled-20pct-seed3/t.txt'
    # The unlabelled folder follows its own variable, not the data root.
    assert unlabeled.data_root == '/pds'
    assert other.data_root == 'data/ab'


def test_reshuffle_seed_reaches_every_labelled_dataset():
    cfg = config('msl_semi.py')
    merge_cfg_options(cfg, {'reshuffle_seed': 3})
    sup, inter_class, _ = cfg.train_dataloader.dataset.datasets
    assert sup.reshuffle_seed == inter_class.reshuffle_seed == 3
    assert cfg.val_dataloader.dataset.reshuffle_seed == 3


def test_an_explicit_option_wins_and_a_pretext_head_keeps_its_classes():
    cfg = Config(
        dict(
            num_classes=4,
            model=dict(
                head=dict(num_classes=4),
                neck=dict(num_classes=4),
                pretext_head=dict(num_classes=4))))
    merge_cfg_options(cfg, {'num_classes': 6, 'model.neck.num_classes': 5})
    assert cfg.model.head.num_classes == 6
    assert cfg.model.neck.num_classes == 5
    # Four rotations, whatever the dataset's classes.
    assert cfg.model.pretext_head.num_classes == 4


def test_other_options_merge_as_mmengine_does():
    cfg = config('msl_semi.py')
    before = cfg.to_dict()
    assert merge_cfg_options(cfg, {'train_cfg.max_epochs': 3}) == []
    assert cfg.train_cfg.max_epochs == 3
    before['train_cfg']['max_epochs'] = 3
    assert cfg.to_dict() == before


def _ten_class_msl_set(demo_root: str, out_root: str) -> None:
    """The demo MSL set cut to its first ten classes (raw ids 0-9)."""
    shutil.copytree(demo_root, out_root)
    synset = osp.join(out_root, 'msl_synset_words-indexed.txt')
    with open(synset) as f:
        lines = f.readlines()[:10]
    with open(synset, 'w') as f:
        f.writelines(lines)
    for name in os.listdir(out_root):
        if name.endswith('-calibrated-shuffled.txt'):
            path = osp.join(out_root, name)
            with open(path) as f:
                kept = [line for line in f if int(line.split()[1]) < 10]
            with open(path, 'w') as f:
                f.writelines(kept)


@pytest.mark.slow
def test_train_on_own_classes_and_folders_with_one_key_each(
        demo_data_root, tmp_path):
    data_root = str(tmp_path / 'msl-10')
    _ten_class_msl_set(demo_data_root['msl'], data_root)
    work_dir = str(tmp_path / 'work')
    result = subprocess.run(
        [
            sys.executable, 'tools/train.py', 'configs/demo/msl_semi_demo.py',
            '--work-dir', work_dir, '--cfg-options', f'data_root={data_root}',
            f'unlabeled_root={demo_data_root["msl_unlabeled"]}',
            'num_classes=10', 'train_cfg.max_epochs=1',
            'train_cfg.val_interval=10', 'train_dataloader.num_workers=0'
        ],
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    assert 'carried along: train_dataloader.sampler.batch_sizes=' \
        '[16, 20, 16]' in log
    checkpoint = torch.load(
        osp.join(work_dir, 'epoch_1.pth'),
        map_location='cpu',
        weights_only=False)
    assert checkpoint['state_dict']['head.fc.weight'].shape == (10, 128)
    # 60 labelled images in batches of 16.
    assert checkpoint['meta']['iter'] == 4
