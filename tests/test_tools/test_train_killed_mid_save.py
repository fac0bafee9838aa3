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

# Runs tools/train.py in this process after patching mmengine's local file
# backend: on the KILL_AT_PUT-th write of a ``.pth`` file, half of the bytes
# are written and flushed, then the process SIGKILLs itself, as a preemptible
# cluster would kill it mid-save.
KILLING_TRAIN = textwrap.dedent("""
    import os, runpy, signal, sys
    from mmengine.fileio.backends.local_backend import LocalBackend

    kill_at = int(os.environ['KILL_AT_PUT'])
    count = [0]
    stock_put = LocalBackend.put

    def put(self, obj, filepath):
        if '.pth' in str(filepath):
            count[0] += 1
            if count[0] == kill_at:
                with open(filepath, 'wb') as f:
                    f.write(obj[:len(obj) // 2])
                    f.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        return stock_put(self, obj, filepath)

    LocalBackend.put = put
    sys.argv = ['tools/train.py'] + sys.argv[1:]
    runpy.run_path('tools/train.py', run_name='__main__')
""")


def _train(args, kill_at_put=0):
    return subprocess.run(
        [sys.executable, '-c', KILLING_TRAIN] + args,
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1',
                 KILL_AT_PUT=str(kill_at_put)),
        capture_output=True,
        text=True)


@pytest.mark.slow
def test_killed_mid_save_leaves_a_resumable_checkpoint(
        demo_data_root, tiny_run_options, tmp_path):
    """Guards issue 12, bug 1: SIGKILL in the middle of writing epoch_2.pth.

    With mmengine's CheckpointHook (max_keep_ckpts=1), epoch_1.pth is deleted
    before epoch_2.pth is written in place, so the kill leaves a truncated
    epoch_2.pth, no epoch_1.pth and a ``last_checkpoint`` naming the deleted
    file: ``--resume`` fails. The AtomicCheckpointHook of our configs keeps
    epoch_1.pth, complete and named by ``last_checkpoint``, and resuming
    continues from it.
    """
    work_dir = str(tmp_path / 'work')
    options = tiny_run_options(demo_data_root['msl'], 3)
    options = [o for o in options if 'max_keep_ckpts' not in o]
    options.append('default_hooks.checkpoint.max_keep_ckpts=1')
    killed = _train([CONFIG, '--work-dir', work_dir, '--cfg-options'] +
                    options, kill_at_put=2)
    assert killed.returncode == -signal.SIGKILL, (killed.stdout +
                                                  killed.stderr)[-3000:]

    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        last = f.read().strip()
    assert osp.basename(last) == 'epoch_1.pth'
    checkpoint = torch.load(last, map_location='cpu', weights_only=False)
    assert checkpoint['meta']['epoch'] == 1
    # No truncated file under a checkpoint's name.
    assert not osp.exists(osp.join(work_dir, 'epoch_2.pth'))

    resumed = _train([CONFIG, '--work-dir', work_dir, '--resume',
                      '--cfg-options'] + options)
    output = resumed.stdout + resumed.stderr
    assert resumed.returncode == 0, output[-3000:]
    assert 'resumed epoch: 1, iter: 2' in output
    final = torch.load(osp.join(work_dir, 'epoch_3.pth'), map_location='cpu',
                       weights_only=False)
    assert final['meta']['epoch'] == 3
    # max_keep_ckpts=1 holds once the saves complete; the stray temporary
    # file of the killed save is gone.
    assert sorted(osp.basename(p) for p in glob.glob(
        osp.join(work_dir, 'epoch_*'))) == ['epoch_3.pth']
    assert not glob.glob(osp.join(work_dir, '*.tmp'))
