"""The README's inferencer snippet runs as written, in either order."""
import os.path as osp
import re
import subprocess
import sys

import numpy as np
from PIL import Image
from random_weights import random_checkpoint

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SEG_CONFIG = 'configs/demo/ai4mars_semi_demo.py'
CLS_CONFIG = 'configs/demo/msl_semi_demo.py'


def inferencer_snippet() -> str:
    with open(osp.join(REPO_ROOT, 'README.md')) as f:
        text = f.read()
    section = text.split('\n## Inference on new images\n',
                         1)[1].split('\n## ', 1)[0]
    return re.findall(r'```python\n(.*?)```', section, re.S)[0]


def test_snippet_in_either_order(tmp_path):
    snippet = inferencer_snippet()
    random_checkpoint(SEG_CONFIG, str(tmp_path / 'ai4mars_semi.pth'))
    random_checkpoint(CLS_CONFIG, str(tmp_path / 'msl_semi.pth'))
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(
        tmp_path / 'image.JPG')
    code = (snippet.replace('configs/ai4mars_semi.py',
                            osp.join(REPO_ROOT, SEG_CONFIG)).replace(
                                'configs/msl_semi.py',
                                osp.join(REPO_ROOT, CLS_CONFIG)))
    lines = code.rstrip('\n').split('\n')
    # The two `with` statements of two lines each end the snippet.
    head, seg, cls = lines[:-4], lines[-4:-2], lines[-2:]
    assert seg[0].startswith('with') and cls[0].startswith('with')
    for order in ([seg, cls], [cls, seg]):
        script = '\n'.join(head + order[0] + order[1]) + '\n'
        result = subprocess.run([sys.executable, '-c', script],
                                cwd=tmp_path,
                                capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr[-3000:]
