"""mars_mm: semi-supervised learning for Mars imagery as OpenMMLab components.

Importing this package registers every component into the upstream registries
(mmengine, mmpretrain, mmseg), so a stock config only needs::

    custom_imports = dict(imports=['mars_mm'], allow_failed_imports=False)

Beyond the registries, importing changes two process-wide things of mmengine,
and only these:

- :func:`register_onedl_config_alias`: ``mmengine.config.utils.MODULE2PACKAGE``
  maps the ``mmseg::`` config scope to the ``onedl-mmsegmentation``
  distribution (only where upstream ``mmsegmentation`` is not installed), so
  that ``_base_ = ['mmseg::...']`` resolves.
- :func:`register_safe_checkpoint_loader`: mmengine's ``CheckpointLoader``
  loads local files with ``torch.load(weights_only=True)``, so a checkpoint
  cannot run code when it is loaded (``MARS_MM_ALLOW_UNSAFE_CHECKPOINTS=1``
  lets a trusted file with other objects through).

Set ``MARS_MM_PROCESS_DEFAULTS=0`` before the import to leave both as mmengine
has them (the components are registered all the same); call the two
functions to apply either one yourself.
"""
import os

from .utils.config_alias import register_onedl_config_alias
from .utils.safe_checkpoint import register_safe_checkpoint_loader
from .utils.upstream_messages import quiet_known_upstream_messages

# The opt-out of the two process-wide changes above.
PROCESS_DEFAULTS_ENV = 'MARS_MM_PROCESS_DEFAULTS'

if os.environ.get(PROCESS_DEFAULTS_ENV, '1') != '0':
    # Before anything parses a config.
    register_onedl_config_alias()
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
