"""Random states in checkpoints, so that a resumed run repeats the original."""
import random
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.registry import HOOKS

# The checkpoint key; its value holds only types that torch's weights_only
# loading accepts (tuples, ints, floats, None, tensors, numpy arrays).
CHECKPOINT_KEY = 'random_states'


def _get_random_states() -> dict:
    """The states of Python's, NumPy's and torch's global generators.

    Returns:
        dict: ``python``, ``numpy``, ``torch`` and ``cuda`` (the current CUDA
        device's state, or None without CUDA) states.
    """
    return dict(
        python=random.getstate(),
        numpy=np.random.get_state(),
        torch=torch.get_rng_state(),
        cuda=torch.cuda.get_rng_state()
        if torch.cuda.is_available() else None)


def _set_random_states(states: dict) -> None:
    """Restore the generators from :func:`_get_random_states`'s output.

    Args:
        states (dict): The states to restore.
    """
    random.setstate(states['python'])
    np.random.set_state(states['numpy'])
    torch.set_rng_state(states['torch'].cpu())
    if states['cuda'] is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state(states['cuda'].cpu())


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Save the global random states with each checkpoint and restore them
    on resume, so that a resumed run draws the same random numbers.

    mmengine checkpoints the model, optimizer, schedulers and the seed, and a
    resumed run seeds its generators afresh: its augmentations, dropout and
    dataloader seeds then differ from those the uninterrupted run would have
    drawn. This hook writes the states of Python's, NumPy's and torch's
    generators into each checkpoint (``checkpoint['random_states']``) and,
    when training resumes from that checkpoint, restores them just before
    the first training iteration. It also gives validation its own random
    numbers (the training states are put back after each validation), so
    that the training draws do not depend on when validation runs.

    With this hook (in ``default_hooks`` of our schedule configs), training
    resumed from an end-of-epoch checkpoint repeats the uninterrupted run
    exactly on the CPU, or on GPUs with deterministic kernels, when data
    workers do not outlive an epoch (``num_workers=0`` or
    ``persistent_workers=False``: mmengine seeds each epoch's workers from
    the seed alone; persistent workers keep states no checkpoint holds).
    mmengine's epoch-based loop restarts an epoch from its first batch when
    resumed from a mid-epoch checkpoint, so resume at epoch ends.

    Only rank 0 writes checkpoints, so its states are restored on every
    rank. Ranks draw the same numbers in the main process when their data
    workers do the augmentation (``num_workers > 0``) and ranks share the
    seed (``randomness.diff_rank_seed=False``, the default); with
    ``diff_rank_seed=True`` only rank 0's states are restored.
    """

    priority = 'VERY_HIGH'

    def __init__(self) -> None:
        self._resumed_states: Optional[dict] = None
        self._train_states: Optional[dict] = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Write the training random states into the checkpoint.

        Args:
            runner (Runner): The runner.
            checkpoint (dict): The checkpoint about to be saved.
        """
        # A checkpoint saved during validation (``save_best``) gets the
        # states training continues with, not validation's.
        checkpoint[CHECKPOINT_KEY] = (
            self._train_states
            if self._train_states is not None else _get_random_states())

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Keep the checkpoint's states until training starts.

        mmengine calls this for ``load_from`` and for resume alike, before
        it re-seeds a resumed run: :meth:`before_train` decides whether to
        restore them.

        Args:
            runner (Runner): The runner.
            checkpoint (dict): The loaded checkpoint.
        """
        states = checkpoint.get(CHECKPOINT_KEY)
        self._resumed_states = None if states is None else dict(
            states, iter=checkpoint.get('meta', {}).get('iter'))

    def before_train(self, runner) -> None:
        """Restore the states of the checkpoint training resumes from.

        Args:
            runner (Runner): The runner.
        """
        states, self._resumed_states = self._resumed_states, None
        # Weights loaded to fine-tune (``load_from``) start at iteration 0,
        # not at the iteration of their checkpoint: nothing to restore.
        if states is None or states.pop('iter') != runner.iter:
            return
        randomness = runner.cfg.get('randomness', {})
        if randomness.get('diff_rank_seed', False) and runner.rank != 0:
            return
        _set_random_states(states)
        runner.logger.info('Random states restored from the checkpoint of '
                           f'iter {runner.iter}')

    def before_val(self, runner) -> None:
        """Set aside the training random states.

        Args:
            runner (Runner): The runner.
        """
        self._train_states = _get_random_states()

    def after_val(self, runner) -> None:
        """Put back the training random states.

        Args:
            runner (Runner): The runner.
        """
        if self._train_states is not None:
            _set_random_states(self._train_states)
            self._train_states = None
