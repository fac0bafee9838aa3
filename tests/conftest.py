import os.path as osp

import pytest
from mmengine.registry import DefaultScope

from mars_mm.datasets.ai4mars_time_split import (labelled_stems, split_by_time,
                                                 write_split)
from mars_mm.utils.demo_data import make_demo_data


@pytest.fixture(autouse=True)
def isolated_default_scope():
    """Each test starts with the default registry scope it would have alone.

    Building a Runner or calling ``init_default_scope`` makes a scope (e.g.
    mmseg's) the process's default for every later build, so a test that
    builds mmpretrain transforms would pass alone and fail after a
    segmentation test.
    """
    scopes = DefaultScope._instance_dict.copy()
    yield
    DefaultScope._instance_dict.clear()
    DefaultScope._instance_dict.update(scopes)


@pytest.fixture(scope='session')
def demo_data_root(tmp_path_factory) -> dict:
    """The demo datasets (seed 0), written once per test session.

    The AI4Mars root also holds ``splits/{train,val,test}.txt`` (the default
    time split), as after ``tools/dataset_converters/ai4mars_split.py``.
    Tests must not modify these files: copy them to alter them.
    """
    roots = make_demo_data(str(tmp_path_factory.mktemp('demo_data')), seed=0)
    splits = split_by_time(labelled_stems(roots['ai4mars']))
    write_split(splits, osp.join(roots['ai4mars'], 'splits'))
    return roots
