"""The one place where mars_mm adapts mmengine to the OneDL distributions."""
from importlib.metadata import PackageNotFoundError, version

from mmengine.config.utils import MODULE2PACKAGE


def _is_distribution_installed(name: str) -> bool:
    try:
        version(name)
    except PackageNotFoundError:
        return False
    return True


def register_onedl_config_alias() -> None:
    """Map the ``mmseg::`` config scope to ``onedl-mmsegmentation``.

    mmengine resolves ``_base_ = ['mmseg::...']`` through
    ``mmengine.config.utils.MODULE2PACKAGE``, which names the distribution
    ``mmsegmentation``. The maintained OneDL release installs the same
    ``mmseg`` package under the distribution name ``onedl-mmsegmentation``,
    so without this alias mmengine reports "mmsegmentation is not installed".
    The mapping only changes when upstream ``mmsegmentation`` is absent and
    the OneDL distribution is present; ``mmpretrain::`` works as it is.
    """
    if (not _is_distribution_installed('mmsegmentation')
            and _is_distribution_installed('onedl-mmsegmentation')):
        MODULE2PACKAGE['mmseg'] = 'onedl-mmsegmentation'
