import hashlib
import os
import os.path as osp

import numpy as np
from PIL import Image

from mars_mm.utils.demo_data import make_ai4mars_demo, make_msl_demo


def tree_digest(root: str) -> str:
    digest = hashlib.sha256()
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = osp.join(folder, name)
            digest.update(osp.relpath(path, root).encode())
            with open(path, 'rb') as f:
                digest.update(f.read())
    return digest.hexdigest()


def test_same_seed_same_bytes(tmp_path):
    a = make_msl_demo(str(tmp_path / 'a'), seed=3)
    b = make_msl_demo(str(tmp_path / 'b'), seed=3)
    c = make_msl_demo(str(tmp_path / 'c'), seed=4)
    assert tree_digest(a) == tree_digest(b)
    assert tree_digest(a) != tree_digest(c)


def test_ai4mars_demo_formats(demo_data_root):
    root = demo_data_root['ai4mars']
    edr = sorted(os.listdir(osp.join(root, 'images', 'edr')))
    image = Image.open(osp.join(root, 'images', 'edr', edr[0]))
    assert image.format == 'JPEG' and image.mode == 'L'
    labels = sorted(os.listdir(osp.join(root, 'labels', 'train')))
    values = set()
    for name in labels:
        label = Image.open(osp.join(root, 'labels', 'train', name))
        assert label.mode == 'L' and label.size == image.size
        values |= set(np.unique(np.array(label)).tolist())
    assert values == {0, 1, 2, 3, 255}
    # Some images have no label: the semi-supervised pool.
    assert len(labels) < len(edr)
    for agree in (1, 2, 3):
        folder = osp.join(root, 'labels', 'test',
                          f'masked-gold-min{agree}-100agree')
        assert all(n.endswith('_merged.png') for n in os.listdir(folder))


def test_msl_demo_synset_keeps_unused_sun(tmp_path):
    root = make_msl_demo(str(tmp_path))
    with open(osp.join(root, 'msl_synset_words-indexed.txt')) as f:
        assert '22 sun\n' in f.readlines()
    for split in ('train', 'val', 'test'):
        with open(osp.join(root, f'{split}-calibrated-shuffled.txt')) as f:
            raw_ids = {int(line.split()[1]) for line in f}
        assert 22 not in raw_ids and len(raw_ids) == 24


def test_ai4mars_demo_is_written_for_a_seed(tmp_path):
    a = make_ai4mars_demo(str(tmp_path / 'a'), seed=0)
    b = make_ai4mars_demo(str(tmp_path / 'b'), seed=0)
    assert tree_digest(a) == tree_digest(b)
