"""mars_mm: semi-supervised learning for Mars imagery as OpenMMLab components.

Importing this package registers every component into the upstream registries
(mmengine, mmpretrain, mmseg), so a stock config only needs::

    custom_imports = dict(imports=['mars_mm'], allow_failed_imports=False)
"""
from .utils.config_alias import register_onedl_config_alias
from .utils.safe_checkpoint import register_safe_checkpoint_loader
from .utils.upstream_messages import quiet_known_upstream_messages

# Before anything parses a config: lets ``_base_ = ['mmseg::...']`` resolve
# under the OneDL distribution of mmsegmentation.
register_onedl_config_alias()
# Local checkpoints load with torch's weights_only unless the user opts in.
register_safe_checkpoint_loader()

# Our components import mmseg's and mmpretrain's; without the lines known
# to be harmless that those imports print.
with quiet_known_upstream_messages():
    from . import datasets, engine, evaluation, models  # noqa: E402,F401
from .version import __version__  # noqa: E402

__all__ = [
    '__version__', 'register_onedl_config_alias',
    'register_safe_checkpoint_loader'
]
