import numpy as np
import pytest
from PIL import Image

from mars_mm.datasets.transforms import CorruptImageError, LoadPDSImageFromFile
from mars_mm.utils.pds_samples import write_pds3_image, write_pds4_image

GREY12 = np.random.default_rng(1).integers(0, 4096, (6, 9)).astype(np.uint16)


def test_reads_pds3_pds4_and_ordinary_images(tmp_path):
    write_pds3_image(str(tmp_path / 'a.IMG'), GREY12, bit_mask_bits=12)
    write_pds4_image(str(tmp_path / 'b.xml'), GREY12)
    rgb = np.random.default_rng(2).integers(0, 256, (6, 9, 3), np.uint8)
    Image.fromarray(rgb).save(tmp_path / 'c.png')
    load = LoadPDSImageFromFile()
    a = load(dict(img_path=str(tmp_path / 'a.IMG')))
    assert a['img'].shape == (6, 9, 3) and a['ori_shape'] == (6, 9)
    assert np.array_equal(a['img'][..., 1], GREY12 >> 4)
    b = load(dict(img_path=str(tmp_path / 'b.xml')))
    assert np.array_equal(b['img'][..., 0], GREY12 >> 8)
    c = load(dict(img_path=str(tmp_path / 'c.png')))
    assert np.array_equal(c['img'], rgb[..., ::-1])


def test_options_grayscale_percentile_and_bit_depth(tmp_path):
    write_pds3_image(str(tmp_path / 'a.IMG'), GREY12)
    path = dict(img_path=str(tmp_path / 'a.IMG'))
    grey = LoadPDSImageFromFile(color_type='grayscale', bit_depth=12)(path)
    assert np.array_equal(grey['img'], GREY12 >> 4)
    stretched = LoadPDSImageFromFile(scaling='percentile')(dict(path))
    assert stretched['img'].max() == 255 and stretched['img'].min() == 0
    assert 'percentile' in repr(LoadPDSImageFromFile(scaling='percentile'))


def test_unreadable_product_is_a_corrupt_image_naming_it(tmp_path):
    (tmp_path / 'x.IMG').write_bytes(b'\x00' * 64)
    with pytest.raises(CorruptImageError, match='x.IMG'):
        LoadPDSImageFromFile()(dict(img_path=str(tmp_path / 'x.IMG')))
    assert LoadPDSImageFromFile(ignore_empty=True)(
        dict(img_path=str(tmp_path / 'x.IMG'))) is None
