import glob
import os
import os.path as osp
import signal
import subprocess
import sys
import textwrap

import pytest
import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = 'configs/demo/msl_resnet18_demo.py'

# Runs tools/train.py in this process, SIGKILLing it (as a preemptible
# cluster does) at one point of a save, KILL_AT='<point>:<n>', at the n-th
# time that point is reached:
# - put: the write of a .pth file by mmengine's local backend, after half of
#   its bytes are written and flushed;
# - replace_last: the rename that updates last_checkpoint;
# - remove: the removal of an outdated .pth file.
KILLING_TRAIN = textwrap.dedent("""
    import os, runpy, signal, sys
    from mmengine.fileio.backends.local_backend import LocalBackend

    point, nth = os.environ.get('KILL_AT', ':0').split(':')
    count = [0]

    def reached(name):
        if name != point:
            return False
        count[0] += 1
        return count[0] == int(nth)

    def kill():
        os.kill(os.getpid(), signal.SIGKILL)

    stock_put, stock_replace, stock_remove = (LocalBackend.put, os.replace,
                                              os.remove)

    def put(self, obj, filepath):
        if '.pth' in str(filepath) and reached('put'):
            with open(filepath, 'wb') as f:
                f.write(obj[:len(obj) // 2])
                f.flush()
            kill()
        return stock_put(self, obj, filepath)

    def replace(src, dst, **kwargs):
        if os.path.basename(dst) == 'last_checkpoint' and reached(
                'replace_last'):
            kill()
        return stock_replace(src, dst, **kwargs)

    def remove(path, **kwargs):
        if str(path).endswith('.pth') and reached('remove'):
            kill()
        return stock_remove(path, **kwargs)

    LocalBackend.put, os.replace, os.remove = put, replace, remove
    sys.argv = ['tools/train.py'] + sys.argv[1:]
    runpy.run_path('tools/train.py', run_name='__main__')
""")


def _train(args, kill_at=':0'):
    return subprocess.run(
        [sys.executable, '-c', KILLING_TRAIN] + args,
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1', KILL_AT=kill_at),
        capture_output=True,
        text=True)


# (kill point, the checkpoint last_checkpoint names after the kill)
KILL_POINTS = [
    ('put:2', 'epoch_1.pth'),  # writing epoch_2.pth
    ('replace_last:2', 'epoch_1.pth'),  # epoch_2.pth complete
    ('remove:1', 'epoch_2.pth'),  # epoch_2.pth named, removing epoch_1.pth
]


@pytest.mark.slow
@pytest.mark.parametrize('kill_at,last_name', KILL_POINTS)
def test_killed_mid_save_leaves_a_resumable_checkpoint(
        kill_at, last_name, demo_data_root, tiny_run_options, tmp_path):
    """Guards issue 12, bug 1: SIGKILL at points of the save of epoch_2.pth.

    With mmengine's CheckpointHook (max_keep_ckpts=1), epoch_1.pth is deleted
    before epoch_2.pth is written in place, so a kill mid-write leaves a
    truncated epoch_2.pth, no epoch_1.pth and a ``last_checkpoint`` naming
    the deleted file: ``--resume`` fails (and the other two kill points are
    never reached). With the AtomicCheckpointHook of our configs,
    ``last_checkpoint`` always names a complete checkpoint, and resuming
    continues from it.
    """
    work_dir = str(tmp_path / 'work')
    options = tiny_run_options(demo_data_root['msl'], 3)
    options = [o for o in options if 'max_keep_ckpts' not in o]
    options.append('default_hooks.checkpoint.max_keep_ckpts=1')
    killed = _train([CONFIG, '--work-dir', work_dir, '--cfg-options'] +
                    options, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, (killed.stdout +
                                                  killed.stderr)[-3000:]

    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        last = f.read().strip()
    assert osp.basename(last) == last_name
    epoch = int(last_name[len('epoch_'):-len('.pth')])
    checkpoint = torch.load(last, map_location='cpu', weights_only=False)
    assert checkpoint['meta']['epoch'] == epoch
    # No truncated file under a checkpoint's name.
    for path in glob.glob(osp.join(work_dir, 'epoch_*.pth')):
        torch.load(path, map_location='cpu', weights_only=False)

    resumed = _train([CONFIG, '--work-dir', work_dir, '--resume',
                      '--cfg-options'] + options)
    output = resumed.stdout + resumed.stderr
    assert resumed.returncode == 0, output[-3000:]
    assert f'resumed epoch: {epoch}, iter: {2 * epoch}' in output
    final = torch.load(osp.join(work_dir, 'epoch_3.pth'), map_location='cpu',
                       weights_only=False)
    assert final['meta']['epoch'] == 3
    # The stray temporary file of a killed save is gone. (Killed between
    # the rename and the removal, the outdated epoch_1.pth stays.)
    assert not glob.glob(osp.join(work_dir, '*.tmp'))
    assert not osp.exists(osp.join(work_dir, 'epoch_2.pth'))
