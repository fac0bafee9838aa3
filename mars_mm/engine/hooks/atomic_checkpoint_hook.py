"""Checkpoints written so that a killed job always leaves one to resume."""
import os
import os.path as osp
from typing import Optional

from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend
from mmengine.hooks import CheckpointHook
from mmengine.registry import HOOKS

# Suffix of a checkpoint being written; never named by ``last_checkpoint``.
TMP_SUFFIX = '.tmp'


def _fsync_file(path: str) -> None:
    """Flush a written file's data to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: str) -> None:
    """Make a rename in folder ``path`` durable (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    Args:
        path (str): The file to (over)write.
        text (str): Its new content.
    """
    tmp = path + TMP_SUFFIX
    with open(tmp, 'w') as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(osp.dirname(osp.abspath(path)))


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """mmengine's :class:`~mmengine.hooks.CheckpointHook`, crash-safe.

    A preemptible cluster kills a job at any moment. The stock hook removes
    the oldest checkpoint *before* it writes the new one, writes the new one
    in place, and then points ``work_dir/last_checkpoint`` at it: killed
    during the write, the job leaves a truncated file, no older checkpoint
    and a ``last_checkpoint`` that names a missing file, so ``--resume``
    fails. This hook orders the save so that at every instant a complete
    checkpoint exists and ``last_checkpoint`` names one:

    1. the checkpoint is written to ``<name>.tmp`` in the same folder,
       flushed and fsynced, then renamed to ``<name>`` (``os.replace``,
       atomic on POSIX), and the folder is fsynced;
    2. ``last_checkpoint`` is then rewritten the same way (temporary file,
       fsync, rename);
    3. only then is the checkpoint beyond ``max_keep_ckpts`` removed.

    A kill during step 1 leaves a stray ``*.tmp`` file (removed at the next
    start of training) and the previous checkpoint, still named by
    ``last_checkpoint``. The same arguments as ``CheckpointHook``; on a
    non-local backend (``out_dir`` on a remote store) the stock behaviour is
    kept. The ``save_best`` checkpoints are written by the stock code: they
    are not what ``--resume`` loads.
    """

    def before_train(self, runner) -> None:
        """Set up the backend and remove stray temporary checkpoints."""
        super().before_train(runner)
        if not (self._is_local() and is_main_process()):
            return
        if osp.isdir(self.out_dir):
            for name in os.listdir(self.out_dir):
                if name.endswith('.pth' + TMP_SUFFIX):
                    os.remove(osp.join(self.out_dir, name))

    def _is_local(self) -> bool:
        return isinstance(self.file_backend, LocalBackend)

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        """Write checkpoint ``step`` atomically, point ``last_checkpoint`` at
        it, then remove the outdated one."""
        if not self._is_local():
            super()._save_checkpoint_with_step(runner, step, meta)
            return
        outdated: Optional[int] = None
        if self.max_keep_ckpts > 0:
            # _save_checkpoint and _save_best_checkpoint may both save the
            # same step in one epoch.
            if not (len(self.keep_ckpt_ids) > 0
                    and self.keep_ckpt_ids[-1] == step):
                if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                    outdated = self.keep_ckpt_ids.popleft()
                self.keep_ckpt_ids.append(step)
                runner.message_hub.update_info('keep_ckpt_ids',
                                               list(self.keep_ckpt_ids))

        ckpt_filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir,
                                                     ckpt_filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)

        tmp_filename = ckpt_filename + TMP_SUFFIX
        runner.save_checkpoint(
            self.out_dir,
            tmp_filename,
            self.file_client_args,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler,
            meta=meta,
            by_epoch=self.by_epoch,
            backend_args=self.backend_args,
            **self.args)

        # Model parallel-like training pulls sharded states from all ranks;
        # only the main process writes files.
        if not is_main_process():
            return
        tmp_path = osp.join(self.out_dir, tmp_filename)
        _fsync_file(tmp_path)
        os.replace(tmp_path, self.last_ckpt)
        _fsync_dir(self.out_dir)

        atomic_write_text(
            osp.join(runner.work_dir, 'last_checkpoint'), self.last_ckpt)

        if outdated is not None and outdated != step:
            path = osp.join(self.out_dir, self.filename_tmpl.format(outdated))
            if osp.isfile(path):
                os.remove(path)
