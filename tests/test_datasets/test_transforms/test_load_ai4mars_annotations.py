import numpy as np
import pytest
from PIL import Image

from mars_mm.datasets.transforms import LoadAI4MarsAnnotations


def write_png(path, array) -> str:
    Image.fromarray(np.asarray(array, np.uint8), 'L').save(path)
    return str(path)


def test_masked_index_becomes_ignored_and_invalid(tmp_path):
    label = write_png(tmp_path / 'label.png', [[0, 1, 254], [255, 254, 3]])
    results = LoadAI4MarsAnnotations(masked_index=254)(
        dict(seg_map_path=label, ori_shape=(2, 3), seg_fields=[]))
    np.testing.assert_array_equal(results['gt_seg_map'],
                                  [[0, 1, 255], [255, 255, 3]])
    # Unlabelled terrain (255) stays valid; only the masked pixels are not.
    np.testing.assert_array_equal(results['gt_valid_mask'],
                                  [[1, 1, 0], [1, 0, 1]])


def test_value_254_without_masked_index_is_an_error(tmp_path):
    label = write_png(tmp_path / 'label.png', [[0, 254]])
    with pytest.raises(ValueError, match=r'label.png: label values \[254\]'):
        LoadAI4MarsAnnotations()(
            dict(seg_map_path=label, ori_shape=(1, 2), seg_fields=[]))


@pytest.mark.parametrize('masked_index', [255, 2])
def test_masked_index_that_is_ignore_or_a_class_is_refused(masked_index):
    with pytest.raises(ValueError, match='masked_index'):
        LoadAI4MarsAnnotations(masked_index=masked_index)


def test_masked_index_with_another_ignore_index(tmp_path):
    label = write_png(tmp_path / 'label.png', [[0, 250, 254, 3]])
    results = LoadAI4MarsAnnotations(ignore_index=250, masked_index=254)(
        dict(seg_map_path=label, ori_shape=(1, 4), seg_fields=[]))
    np.testing.assert_array_equal(results['gt_seg_map'], [[0, 250, 250, 3]])
    np.testing.assert_array_equal(results['gt_valid_mask'], [[1, 1, 0, 1]])
