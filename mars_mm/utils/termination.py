"""SIGTERM and SIGINT end a run the way an exception does: with its
dataloader workers."""
import os
import signal


def exit_on_termination_signals() -> None:
    """Make SIGTERM raise ``SystemExit`` and SIGINT ``KeyboardInterrupt``
    in this process.

    Python's default for SIGTERM (what ``kill``, Slurm's ``scancel``, a
    preemption and ``torchrun`` send) is to die at once, without unwinding:
    the dataloader workers outlive their parent until their own watchdog
    notices it is gone, holding their memory in the meantime. Raised as an
    exception, the signal unwinds the training loop instead, and
    ``multiprocessing`` stops the (daemonic) workers before the process
    exits. SIGINT gets Python's own handler back, in case the process
    inherited it ignored (a job started with ``&`` or ``nohup``).

    The handler acts only in the process that installs it: a forked
    dataloader worker that inherits it dies of the signal as by default.
    A signal that arrives while the main thread waits in a collective (an
    all-reduce) takes effect when that call returns. ``tools/train.py`` and
    ``tools/test.py`` call this first thing.
    """
    owner = os.getpid()

    def handler(signum, frame):
        if os.getpid() != owner:
            # A forked child: the default action, as without this handler.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
