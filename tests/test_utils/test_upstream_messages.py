import logging
import subprocess
import sys
import warnings

import mmengine.logging

from mars_mm.utils.upstream_messages import quiet_known_upstream_messages

MMCV_OPS_WARNING = (
    'Fail to import ``MultiScaleDeformableAttention`` from '
    '``mmcv.ops.multi_scale_deform_attn``, You should install ``mmcv`` '
    'rather than ``mmcv-lite`` if you need this module. ')
MMCV_MODULE = 'mmcv.cnn.bricks.transformer'


def test_importing_mars_mm_prints_no_known_harmless_line():
    """A fresh interpreter: mars_mm imports mmseg's and mmpretrain's
    datasets and mmcv's transformer bricks, which print these."""
    result = subprocess.run([sys.executable, '-c', 'import mars_mm'],
                            capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert 'Could not import OneDL' not in output
    assert 'MultiScaleDeformableAttention' not in output


def test_other_warnings_and_log_lines_still_show(capsys):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        with quiet_known_upstream_messages():
            # Dropped: the known warning from its module, the known line.
            warnings.warn_explicit(MMCV_OPS_WARNING, UserWarning,
                                   'transformer.py', 33, module=MMCV_MODULE)
            mmengine.logging.print_log('Could not import OneDL',
                                       level=logging.DEBUG)
            # Shown: everything else, even from the same module.
            warnings.warn_explicit('Fail to import ``SomethingElse``',
                                   UserWarning, 'transformer.py', 40,
                                   module=MMCV_MODULE)
            warnings.warn_explicit(MMCV_OPS_WARNING, UserWarning, 'ours.py',
                                   1, module='mars_mm.ours')
            warnings.warn('a real warning', RuntimeWarning)
            mmengine.logging.print_log('Could not import OneDL',
                                       level=logging.WARNING)
            mmengine.logging.print_log('Could not import pdr',
                                       level=logging.DEBUG)
        # After the block nothing stays changed.
        warnings.warn_explicit(MMCV_OPS_WARNING, UserWarning,
                               'transformer.py', 33, module=MMCV_MODULE)
        mmengine.logging.print_log('Could not import OneDL',
                                   level=logging.DEBUG)
    assert [(str(w.message), w.filename) for w in caught] == [
        ('Fail to import ``SomethingElse``', 'transformer.py'),
        (MMCV_OPS_WARNING, 'ours.py'),
        ('a real warning', __file__),
        (MMCV_OPS_WARNING, 'transformer.py'),
    ]
    assert capsys.readouterr().out.splitlines() == [
        'Could not import OneDL', 'Could not import pdr',
        'Could not import OneDL'
    ]
