"""What ``import mars_mm`` changes in the process, and the opt-out."""
import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json
from mmengine.config.utils import MODULE2PACKAGE
from mmengine.runner.checkpoint import CheckpointLoader
before = (MODULE2PACKAGE['mmseg'], CheckpointLoader._get_checkpoint_loader(
    'model.pth').__module__)
import mars_mm
from mmpretrain.registry import MODELS
after = (MODULE2PACKAGE['mmseg'], CheckpointLoader._get_checkpoint_loader(
    'model.pth').__module__)
print(json.dumps(dict(before=before, after=after,
                      registered='SemiSupervisedClassifier' in MODELS)))
"""


def probe(env_value):
    env = dict(os.environ)
    env.pop('MARS_MM_PROCESS_DEFAULTS', None)
    if env_value is not None:
        env['MARS_MM_PROCESS_DEFAULTS'] = env_value
    done = subprocess.run([sys.executable, '-c', PROBE],
                          env=env,
                          capture_output=True,
                          text=True,
                          check=True,
                          timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize('env_value', [None, '1'])
def test_import_applies_both_process_defaults(env_value):
    found = probe(env_value)
    assert found['before'] == ['mmsegmentation', 'mmengine.runner.checkpoint']
    assert found['after'] == [
        'onedl-mmsegmentation', 'mars_mm.utils.safe_checkpoint'
    ]
    assert found['registered']


def test_opt_out_leaves_mmengine_as_it_was_and_registers_components():
    found = probe('0')
    assert found['after'] == found['before']
    assert found['registered']
