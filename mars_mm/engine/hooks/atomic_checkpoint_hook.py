"""Checkpoints written so that a killed job always leaves one to resume."""
import os
import os.path as osp
import shutil
from contextlib import contextmanager
from typing import Iterator, List, Optional

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
    ``last_checkpoint``.

    The ``save_best`` checkpoints follow the same order: where the stock
    hook removes the previous best checkpoint and then writes the new one in
    place, this one writes the new best through ``<name>.tmp``, fsync and
    rename, and removes the previous best only then; mmengine's choice of
    the best (rules, several key indicators, the message hub) is kept.

    The same arguments as ``CheckpointHook``; on a non-local backend
    (``out_dir`` on a remote store) the stock behaviour is kept.
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

    def _save_best_checkpoint(self, runner, metrics) -> None:
        """The stock best-checkpoint logic, with the new best written
        atomically before the previous best is removed."""
        if not (self.save_best and self._is_local()):
            super()._save_best_checkpoint(runner, metrics)
            return
        with self._atomic_best_saves(runner) as outdated:
            super()._save_best_checkpoint(runner, metrics)
        # Never the new best, should it have the previous one's name.
        current = {getattr(self, 'best_ckpt_path', None)}
        current.update(getattr(self, 'best_ckpt_path_dict', {}).values())
        for path in outdated:
            if path in current:
                continue
            if osp.isfile(path):
                os.remove(path)
            elif osp.isdir(path):  # a DeepSpeed checkpoint
                shutil.rmtree(path)

    @contextmanager
    def _atomic_best_saves(self, runner) -> Iterator[List[str]]:
        """While the stock ``_save_best_checkpoint`` runs: collect the
        previous best checkpoints it removes instead of removing them, and
        write each ``best_*`` checkpoint to ``<name>.tmp``, fsync, rename.

        Yields:
            list[str]: The previous best checkpoints, to remove afterwards
            (left in place if the save fails).
        """
        outdated: List[str] = []
        stock_save = runner.save_checkpoint

        def save_checkpoint(out_dir, filename, *args, **kwargs):
            if not filename.startswith('best_'):
                return stock_save(out_dir, filename, *args, **kwargs)
            stock_save(out_dir, filename + TMP_SUFFIX, *args, **kwargs)
            if is_main_process():
                tmp_path = osp.join(out_dir, filename + TMP_SUFFIX)
                _fsync_file(tmp_path)
                os.replace(tmp_path, osp.join(out_dir, filename))
                _fsync_dir(out_dir)

        # Instance attributes shadow the methods until they are deleted.
        runner.save_checkpoint = save_checkpoint
        self.file_backend.remove = outdated.append
        self.file_backend.rmtree = outdated.append
        try:
            yield outdated
        finally:
            del runner.save_checkpoint
            del self.file_backend.remove, self.file_backend.rmtree

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
