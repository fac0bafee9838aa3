"""The one place where mars_mm quiets what upstream prints and we know to be
harmless."""
import contextlib
import logging
import warnings
from typing import Iterator

# mmseg.datasets, mmseg.datasets.transforms and mmpretrain.datasets print this
# (with print(), whatever its DEBUG level) when the optional OneDL data
# library is absent; none of our paths uses the loaders it would add.
KNOWN_LOG_LINES = frozenset({'Could not import OneDL'})

# (message regex, category, module): mmcv's compiled ops are not built (README,
# "Installation notes"); no model of ours uses MultiScaleDeformableAttention.
KNOWN_WARNINGS = [
    (r'Fail to import ``MultiScaleDeformableAttention`` from '
     r'``mmcv\.ops\.multi_scale_deform_attn``', UserWarning,
     r'mmcv\.cnn\.bricks\.transformer'),
]


@contextlib.contextmanager
def quiet_known_upstream_messages() -> Iterator[None]:
    """Import upstream modules under this to drop the known harmless lines.

    Only the exact messages above, from the modules above, and only while
    the block runs (``mars_mm/__init__.py`` imports its components, and so
    mmseg's and mmpretrain's, under it): every other warning and log line
    shows as usual, and nothing stays changed afterwards. A process that
    imported those upstream modules before mars_mm has printed them already.
    """
    import mmengine.logging as mmengine_logging
    print_log = mmengine_logging.print_log

    def print_log_but_known(msg, logger=None, level=logging.INFO):
        if level <= logging.DEBUG and msg in KNOWN_LOG_LINES:
            return
        print_log(msg, logger=logger, level=level)

    # The upstream modules look print_log up at call time, from this module.
    mmengine_logging.print_log = print_log_but_known
    try:
        with warnings.catch_warnings():
            for message, category, module in KNOWN_WARNINGS:
                warnings.filterwarnings(
                    'ignore', message=message, category=category,
                    module=module)
            yield
    finally:
        mmengine_logging.print_log = print_log
