import numpy as np
import pdr
import pytest

from mars_mm.datasets.pds import (PDSImageError, is_pds_product,
                                  read_pds_image, scale_to_uint8)
from mars_mm.utils.pds_samples import write_pds3_image, write_pds4_image

RNG = np.random.default_rng(0)
GREY12 = RNG.integers(0, 4096, (5, 7)).astype(np.uint16)
COLOUR8 = RNG.integers(0, 256, (5, 7, 3)).astype(np.uint8)


@pytest.mark.parametrize('attached', [True, False])
def test_pds3_files_are_valid_for_pdr(tmp_path, attached):
    label = write_pds3_image(str(tmp_path / 'a.IMG'), GREY12, attached, 12)
    assert label.endswith('.IMG' if attached else '.LBL')
    data = pdr.read(label)
    assert np.array_equal(data['IMAGE'], GREY12)
    assert data.metaget('SAMPLE_BITS') == 16


@pytest.mark.parametrize('attached', [True, False])
def test_pds3_12_bit_image_is_shifted_by_4_from_the_bit_mask(
        tmp_path, attached):
    write_pds3_image(str(tmp_path / 'a.IMG'), GREY12, attached, 12)
    img = read_pds_image(str(tmp_path / 'a.IMG'))
    assert img.shape == (5, 7, 3) and img.dtype == np.uint8
    for channel in range(3):
        assert np.array_equal(img[..., channel], GREY12 >> 4)


def test_16_bit_image_without_mask_is_shifted_by_8(tmp_path):
    write_pds3_image(str(tmp_path / 'a.IMG'), GREY12)
    assert np.array_equal(read_pds_image(str(tmp_path / 'a.IMG'))[..., 0],
                          GREY12 >> 8)
    # The bit depth can be given instead.
    assert np.array_equal(
        read_pds_image(str(tmp_path / 'a.IMG'), bit_depth=12)[..., 0],
        GREY12 >> 4)


def test_pds3_colour_image_comes_back_bgr(tmp_path):
    write_pds3_image(str(tmp_path / 'c.IMG'), COLOUR8)
    assert np.array_equal(read_pds_image(str(tmp_path / 'c.IMG')),
                          COLOUR8[..., ::-1])


@pytest.mark.parametrize('image', [GREY12, COLOUR8], ids=['grey', 'rgb'])
def test_pds4_product_read_from_label_or_data_file(tmp_path, image):
    label = str(tmp_path / 'p.xml')
    data = write_pds4_image(label, image)
    assert np.array_equal(
        np.moveaxis(pdr.read(label)['IMAGE'], 0, -1)
        if image.ndim == 3 else pdr.read(label)['IMAGE'], image)
    expected = (np.repeat((image >> 8)[..., None].astype(np.uint8), 3, 2)
                if image.ndim == 2 else image[..., ::-1])
    for path in (label, data):
        assert is_pds_product(path)
        assert np.array_equal(read_pds_image(path), expected)


def test_percentile_stretch_and_floats():
    ramp = np.arange(1000, dtype=np.uint16).reshape(10, 100)
    out = scale_to_uint8(ramp, 'percentile')
    assert out.min() == 0 and out.max() == 255
    assert np.all(np.diff(out.ravel().astype(int)) >= 0)
    floats = np.linspace(-1, 1, 100).reshape(10, 10)
    assert scale_to_uint8(floats).max() == 255  # floats are stretched
    assert np.array_equal(scale_to_uint8(COLOUR8), COLOUR8)
    with pytest.raises(ValueError, match='scaling'):
        scale_to_uint8(ramp, 'gamma')


def test_unreadable_product_names_the_file(tmp_path):
    path = tmp_path / 'broken.IMG'
    path.write_bytes(b'not a PDS label at all')
    with pytest.raises(PDSImageError, match='broken.IMG'):
        read_pds_image(str(path))


def test_xml_that_is_not_pds4_is_not_a_product(tmp_path):
    path = tmp_path / 'image.aux.xml'
    path.write_text('<PAMDataset></PAMDataset>')
    assert not is_pds_product(str(path))
    assert not is_pds_product(str(tmp_path / 'x.jpg'))
