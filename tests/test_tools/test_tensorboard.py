"""TensorBoard logging (``pip install -e .[tensorboard]``) from a config."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

pytest.importorskip('tensorboard', reason='the [tensorboard] extra')


def test_tensorboard_vis_backend_writes_event_files(demo_data_root,
                                                    tiny_run_options,
                                                    tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import \
        EventAccumulator
    config = tmp_path / 'tensorboard_demo.py'
    config.write_text(
        '_base_ = [{!r}]\n'
        'visualizer = dict(vis_backends=[\n'
        "    dict(type='LocalVisBackend'),\n"
        "    dict(type='TensorboardVisBackend')])\n"
        'default_hooks = dict(logger=dict(interval=1))\n'.format(
            osp.join(REPO_ROOT, 'configs', 'demo',
                     'ai4mars_deeplabv3plus_demo.py')))
    work_dir = tmp_path / 'work'
    result = subprocess.run(
        [sys.executable, 'tools/train.py',
         str(config), '--work-dir',
         str(work_dir), '--cfg-options'] +
        tiny_run_options(demo_data_root['ai4mars'], 1),
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    events = glob.glob(str(work_dir / '*' / 'vis_data' / 'events.out.*'))
    assert len(events) == 1
    scalars = EventAccumulator(events[0]).Reload().Tags()['scalars']
    # The training loss of each iteration and the final validation metric.
    assert {'loss', 'decode.loss_ce', 'fwIoU'} <= set(scalars)
