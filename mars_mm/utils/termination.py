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
    dataloader worker that inherits it gets the handling it had before
    (SIGTERM kills it; SIGINT raises ``KeyboardInterrupt``, which PyTorch's
    workers ignore, leaving their shutdown to the main process). A signal
    that arrives while the main thread waits in a collective (an
    all-reduce) takes effect when that call returns. ``tools/train.py`` and
    ``tools/test.py`` call this first thing.
    """
    owner = os.getpid()
    previous = {
        signum: signal.getsignal(signum)
        for signum in (signal.SIGTERM, signal.SIGINT)
    }

    def handler(signum, frame):
        if os.getpid() != owner:
            # A forked child: what it would have done without this handler.
            before = previous[signum]
            if callable(before):
                return before(signum, frame)
            if before == signal.SIG_DFL:
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
            return None
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    for signum in previous:
        signal.signal(signum, handler)
