"""Issue 12, weak 10: a SIGTERM'd or SIGINT'd training takes its dataloader
workers with it.

Before, SIGTERM killed tools/train.py at once and its persistent workers
lived on, orphaned, until their watchdog noticed (seconds here, minutes on a
loaded node; 620 MB each in the fault campaign); and a run started with
SIGINT ignored (``nohup``, ``&``) did not stop on SIGINT at all. Now
``exit_on_termination_signals`` makes both signals unwind the run, and the
process exits only after its workers have.
"""
import os
import os.path as osp
import signal
import subprocess
import sys
import time

import pytest

from mars_mm.utils import exit_on_termination_signals

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIG = 'configs/demo/ai4mars_deeplabv3plus_demo.py'


def _stat_fields(pid: int) -> list:
    """The fields of /proc/PID/stat after the command name (state first);
    empty when there is no such process."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()
    except OSError:
        return []


def _cmdline(pid: int) -> bytes:
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read()
    except OSError:
        return b''


def _workers(pid: int) -> list:
    """The forked children of ``pid`` (its dataloader workers: same command
    line, unlike helper processes such as multiprocessing's tracker)."""
    cmdline = _cmdline(pid)
    return [
        int(entry) for entry in os.listdir('/proc') if entry.isdigit()
        and _stat_fields(int(entry))[1:2] == [str(pid)]
        and _cmdline(int(entry)) == cmdline
    ]


def _running(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie."""
    return _stat_fields(pid)[:1] not in ([], ['Z'])


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.slow
@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_training_and_its_workers(signum, demo_data_root,
                                               tmp_path):
    data_root = demo_data_root['ai4mars']
    log = open(tmp_path / 'train.log', 'w+')
    process = subprocess.Popen(
        [
            sys.executable, 'tools/train.py', CONFIG, '--work-dir',
            str(tmp_path / 'work'), '--cfg-options'
        ] + [
            f'{split}_dataloader.dataset.data_root={data_root}'
            for split in ('train', 'val', 'test')
        ] + [
            'train_dataloader.num_workers=2',
            'train_dataloader.persistent_workers=True',
            'train_cfg.max_epochs=1000', 'train_cfg.val_interval=1000',
            'default_hooks.logger.interval=1'
        ],
        cwd=REPO_ROOT,
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        stdout=log,
        stderr=subprocess.STDOUT,
        # As under nohup or '&': SIGINT ignored unless the tool handles it.
        preexec_fn=_ignore_sigint if signum == signal.SIGINT else None)
    workers = []
    try:
        deadline = time.monotonic() + 120
        # Training is under way with both workers.
        while len(workers) < 2 or 'Epoch(train)' not in open(
                tmp_path / 'train.log').read():
            assert process.poll() is None, open(tmp_path / 'train.log').read()
            assert time.monotonic() < deadline, 'training did not start'
            time.sleep(0.2)
            workers = _workers(process.pid)
        process.send_signal(signum)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f'training still runs 30 s after {signum!r}')
        survivors = [pid for pid in workers if _running(pid)]
        assert not survivors, f'dataloader workers {survivors} outlived ' \
            'the training process'
        # Exited by the exception the handler raised (SystemExit(143);
        # KeyboardInterrupt ends Python by SIGINT once it has finalised),
        # not killed outright (-15) nor still running.
        assert process.returncode == (128 + signum if signum == signal.SIGTERM
                                      else -signum), process.returncode
    finally:
        if process.poll() is None:
            process.kill()
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()



def test_only_the_installing_process_raises():
    """A forked child (a dataloader worker) keeps the handling it had: it
    dies of SIGTERM instead of raising SystemExit in the worker loop, and
    SIGINT (a Ctrl-C reaches the whole process group) raises
    KeyboardInterrupt there, which the worker loop ignores."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        # Python's own SIGINT handling, whether or not this test process
        # inherited SIGINT ignored (run with `nohup` or `&`).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        exit_on_termination_signals()
        with pytest.raises(SystemExit) as exited:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs before this returns
        assert exited.value.code == 143
        pid = os.fork()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGTERM)
            os._exit(0)  # not reached: the child dies of the signal
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status)
        assert os.WTERMSIG(status) == signal.SIGTERM
        # SIGINT in a child: the KeyboardInterrupt it had before (which
        # PyTorch's worker loop catches), not death by the signal.
        pid = os.fork()
        if pid == 0:
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
            except KeyboardInterrupt:
                os._exit(7)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 7
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
