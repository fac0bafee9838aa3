"""tools/infer.py on the user's own images: mirrored outputs, TIFF, PDS,
and a single file told from a list (random weights, no training)."""
import csv
import importlib.util
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import tifffile
from PIL import Image
from random_weights import random_checkpoint

from mars_mm.datasets import AI4MarsDataset
from mars_mm.utils.pds_samples import write_pds3_image, write_pds4_image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SEG_CONFIG = 'configs/demo/ai4mars_deeplabv3plus_demo.py'


def load_infer():
    spec = importlib.util.spec_from_file_location(
        'infer', osp.join(REPO_ROOT, 'tools', 'infer.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_infer(args: list) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, 'tools/infer.py'] + args,
                          cwd=REPO_ROOT, capture_output=True, text=True)


@pytest.fixture(scope='module')
def seg_checkpoint(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp('ckpt') / 'random.pth')
    meta = dict(classes=AI4MarsDataset.METAINFO['classes'],
                palette=AI4MarsDataset.METAINFO['palette'])
    random_checkpoint(SEG_CONFIG, path, meta)
    return path


def make_tree(root) -> dict:
    """Same-named images in two folders, TIFF and PDS products."""
    rng = np.random.default_rng(0)
    grey = rng.integers(0, 256, (40, 48), np.uint8)
    for folder in ('sol0001', 'sol0002'):
        (root / folder).mkdir(parents=True)
        Image.fromarray(grey).save(root / folder / 'NLA_0001.png')
    wide = rng.integers(0, 4096, (40, 48)).astype(np.uint16)
    tifffile.imwrite(root / 'sol0002' / 'frame16.tif', wide)
    (root / 'sol0003').mkdir()
    write_pds3_image(str(root / 'sol0003' / 'edr.IMG'), wide,
                     bit_mask_bits=12)
    write_pds4_image(str(root / 'sol0003' / 'p4.xml'), wide)
    return dict(wide=wide)


@pytest.mark.slow
def test_same_named_images_keep_their_outputs_and_tiff_pds_are_read(
        tmp_path, seg_checkpoint):
    root = tmp_path / 'images'
    make_tree(root)
    out = tmp_path / 'out'
    result = run_infer([SEG_CONFIG, seg_checkpoint, str(root), '--out-dir',
                        str(out), '--device', 'cpu'])
    assert result.returncode == 0, result.stderr[-3000:]
    with open(out / 'predictions.csv') as f:
        rows = list(csv.DictReader(f))
    expected = ['sol0001/NLA_0001', 'sol0002/NLA_0001', 'sol0002/frame16',
                'sol0003/edr', 'sol0003/p4']
    assert sorted(r['label_png'] for r in rows) == [
        osp.join('labels', e + '.png') for e in expected]
    for name in expected:
        label = np.array(Image.open(out / 'labels' / f'{name}.png'))
        assert label.shape == (40, 48)
        assert (out / 'overlays' / f'{name}.jpg').is_file()


@pytest.mark.slow
def test_single_tif_path_is_an_image_not_a_list(tmp_path, seg_checkpoint):
    image = tmp_path / 'frame.tif'
    tifffile.imwrite(image, np.zeros((32, 32, 3), np.uint8))
    out = tmp_path / 'out'
    result = run_infer([SEG_CONFIG, seg_checkpoint, str(image), '--out-dir',
                        str(out), '--device', 'cpu'])
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / 'labels' / 'frame.png').is_file()


def test_input_file_is_an_image_or_a_text_list(tmp_path):
    infer = load_infer()
    tif = tmp_path / 'a.TIFF'
    tifffile.imwrite(tif, np.zeros((4, 4), np.uint16))
    assert infer.list_inputs(str(tif)) == [str(tif)]
    listing = tmp_path / 'list.txt'
    listing.write_text('x/a.jpg\n\n/abs/b.png\n')
    assert infer.list_inputs(str(listing)) == [
        str(tmp_path / 'x' / 'a.jpg'), '/abs/b.png']
    binary = tmp_path / 'scan.raw'
    binary.write_bytes(b'\xff\xfe\x00\x81' * 64)
    with pytest.raises(SystemExit, match='scan.raw: neither an image'):
        infer.list_inputs(str(binary))


def test_outputs_mirror_the_tree_of_a_list(tmp_path):
    infer = load_infer()
    paths = [str(tmp_path / 'a' / 'x.jpg'), str(tmp_path / 'b' / 'x.jpg')]
    names = infer.output_names(paths, str(tmp_path / 'list.txt'))
    assert names == {paths[0]: osp.join('a', 'x'),
                     paths[1]: osp.join('b', 'x')}
    # Unique names of a list stay flat, as before.
    unique = [paths[0], str(tmp_path / 'c' / 'y.jpg')]
    assert infer.output_names(unique, 'list.txt') == {unique[0]: 'x',
                                                      unique[1]: 'y'}


def test_tiff_and_pds_samples_to_8_bit(tmp_path):
    infer = load_infer()
    wide = np.random.default_rng(3).integers(0, 4096, (6, 5)).astype(
        np.uint16)
    tifffile.imwrite(tmp_path / 'w.tif', wide)
    img = infer.read_image(str(tmp_path / 'w.tif'))
    assert img.shape == (6, 5, 3) and np.array_equal(img[..., 0], wide >> 8)
    img = infer.read_image(str(tmp_path / 'w.tif'), bit_depth=12)
    assert np.array_equal(img[..., 2], wide >> 4)
    rgb = np.random.default_rng(4).integers(0, 256, (6, 5, 3), np.uint8)
    tifffile.imwrite(tmp_path / 'c.tif', rgb)
    assert np.array_equal(infer.read_image(str(tmp_path / 'c.tif')),
                          rgb[..., ::-1])
    write_pds3_image(str(tmp_path / 'd.IMG'), wide, attached=False,
                     bit_mask_bits=12)
    assert np.array_equal(infer.read_image(str(tmp_path / 'd.IMG'))[..., 0],
                          wide >> 4)
    (tmp_path / 'bad.IMG').write_bytes(b'garbage')
    assert infer.read_image(str(tmp_path / 'bad.IMG')) is None


def test_masks_are_read_as_the_datasets_read_them(tmp_path, capsys):
    """An AI4Mars image's rover and range masks: the pixels either covers,
    and a mask of another size reported (not applied, not fatal)."""
    infer = load_infer()
    images = tmp_path / 'msl' / 'images'
    for folder in ('edr', 'mxy', 'rng-30m'):
        (images / folder).mkdir(parents=True)
    stem = 'NLA_397681455EDR_F0020000AUT_04096M1'
    image = images / 'edr' / f'{stem}.JPG'
    Image.fromarray(np.full((4, 6, 3), 90, np.uint8)).save(image)
    rover = np.zeros((4, 6), np.uint8)
    rover[0, :2] = 1
    range_ = np.zeros((4, 6), np.uint8)
    range_[3, 5] = 255
    Image.fromarray(rover).save(
        images / 'mxy' / 'NLA_397681455MXY_F0020000AUT_04096M1.png')
    range_path = (images / 'rng-30m' /
                  'NLA_397681455RNG_F0020000AUT_04096M1.png')
    Image.fromarray(range_).save(range_path)
    masked = infer.masked_pixels(str(image), (4, 6))
    assert masked.tolist() == ((rover != 0) | (range_ != 0)).tolist()
    # A plain folder has no masks.
    assert infer.masked_pixels(str(tmp_path / 'x.jpg'), (4, 6)) is None
    Image.fromarray(np.zeros((5, 6), np.uint8)).save(range_path)
    assert infer.masked_pixels(str(image), (4, 6)) is None
    assert f'masks not applied: {range_path}: size 6x5 differs' in \
        capsys.readouterr().out
