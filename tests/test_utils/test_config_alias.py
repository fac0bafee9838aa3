from os import path as osp

import pytest
from mmengine.config.utils import MODULE2PACKAGE

from mars_mm.utils import config_alias

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture
def mapping(monkeypatch):
    """MODULE2PACKAGE as upstream ships it, restored after the test."""
    monkeypatch.setitem(MODULE2PACKAGE, 'mmseg', 'mmsegmentation')
    return MODULE2PACKAGE


@pytest.mark.parametrize('installed, expected', [
    ({'onedl-mmsegmentation'}, 'onedl-mmsegmentation'),
    # Upstream's distribution wins where both are installed.
    ({'mmsegmentation', 'onedl-mmsegmentation'}, 'mmsegmentation'),
    ({'mmsegmentation'}, 'mmsegmentation'),
    # Neither: mmengine's own "not installed" message stays as it is.
    (set(), 'mmsegmentation'),
])
def test_mmseg_scope_points_at_the_installed_distribution(
        mapping, monkeypatch, installed, expected):
    monkeypatch.setattr(config_alias, '_is_distribution_installed',
                        lambda name: name in installed)
    config_alias.register_onedl_config_alias()
    assert mapping['mmseg'] == expected
    assert mapping['mmpretrain'] == 'mmpretrain'


def test_this_stack_resolves_mmseg_base_configs():
    """On the pinned stack (OneDL only) an mmseg:: base config loads."""
    from mmengine.config import Config

    import mars_mm  # noqa: F401 (registers the alias)
    assert MODULE2PACKAGE['mmseg'] == 'onedl-mmsegmentation'
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'ai4mars_deeplabv3plus_r101.py'))
    assert cfg.model.decode_head.type == 'DepthwiseSeparableASPPHead'
