import importlib.util
import os.path as osp

import numpy as np
import pytest
from PIL import Image

from mars_mm.utils.pds_samples import write_pds3_image, write_pds4_image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def load_tool():
    spec = importlib.util.spec_from_file_location(
        'pds_to_png', osp.join(REPO_ROOT, 'tools', 'dataset_converters',
                               'pds_to_png.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_converts_a_tree_of_pds3_and_pds4_products(tmp_path, capsys):
    rng = np.random.default_rng(0)
    wide = rng.integers(0, 4096, (8, 9)).astype(np.uint16)
    colour = rng.integers(0, 256, (8, 9, 3), np.uint8)
    src = tmp_path / 'pds'
    (src / 'sol0100').mkdir(parents=True)
    (src / 'sol0200').mkdir()
    write_pds3_image(str(src / 'sol0100' / 'A.IMG'), wide, bit_mask_bits=12)
    write_pds3_image(str(src / 'sol0100' / 'B.IMG'), colour, attached=False)
    write_pds4_image(str(src / 'sol0200' / 'A.xml'), wide)
    (src / 'sol0200' / 'junk.IMG').write_bytes(b'not pds')
    out = tmp_path / 'png'
    status = load_tool().main([str(src), '--out-dir', str(out)])
    assert status == 1  # junk.IMG
    assert '3 of 4 products written' in capsys.readouterr().out
    a = np.array(Image.open(out / 'sol0100' / 'A.png'))
    assert np.array_equal(a, wide >> 4)  # 12-bit mask: >> 4, one channel
    b = np.array(Image.open(out / 'sol0100' / 'B.png'))
    assert np.array_equal(b, colour)
    a4 = np.array(Image.open(out / 'sol0200' / 'A.png'))
    assert np.array_equal(a4, wide >> 8)  # no mask: 16-bit type, >> 8


def test_single_product_to_jpeg_with_percentile_stretch(tmp_path):
    ramp = (np.arange(64 * 64).reshape(64, 64) % 4096).astype(np.uint16)
    write_pds3_image(str(tmp_path / 'r.IMG'), ramp)
    status = load_tool().main([str(tmp_path / 'r.IMG'), '--out-dir',
                               str(tmp_path / 'o'), '--format', 'jpg',
                               '--scaling', 'percentile'])
    assert status == 0
    img = np.array(Image.open(tmp_path / 'o' / 'r.jpg'))
    assert img.min() <= 5 and img.max() >= 250


def test_not_a_product_is_an_error(tmp_path):
    (tmp_path / 'x.png').write_bytes(b'')
    with pytest.raises(SystemExit, match='not a PDS product'):
        load_tool().main([str(tmp_path / 'x.png'), '--out-dir',
                          str(tmp_path)])
