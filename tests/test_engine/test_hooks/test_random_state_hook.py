import random
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from mmengine.logging import MMLogger

from mars_mm.engine.hooks import RandomStateHook
from mars_mm.utils import load_local_checkpoint


def fake_runner(iter: int = 0, rank: int = 0, diff_rank_seed: bool = False):
    """What the hook reads of a runner."""
    return SimpleNamespace(
        iter=iter,
        rank=rank,
        cfg=dict(randomness=dict(seed=0, diff_rank_seed=diff_rank_seed)),
        logger=MMLogger.get_current_instance())


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def draw() -> tuple:
    """One number from each global generator."""
    return (random.random(), np.random.rand(), torch.rand(1).item())


def saved_and_reloaded(hook: RandomStateHook, tmp_path, iter: int) -> dict:
    """A checkpoint written with the hook and read back safely."""
    checkpoint = dict(meta=dict(iter=iter), state_dict={})
    hook.before_save_checkpoint(fake_runner(iter), checkpoint)
    torch.save(checkpoint, tmp_path / 'ckpt.pth')
    return load_local_checkpoint(str(tmp_path / 'ckpt.pth'))


def test_resume_restores_the_states_of_the_checkpoint(tmp_path):
    hook = RandomStateHook()
    seed_all(1)
    checkpoint = saved_and_reloaded(hook, tmp_path, iter=6)
    expected = [draw() for _ in range(3)]
    # A resumed run seeds afresh and draws other numbers meanwhile.
    seed_all(0)
    draw()
    hook.after_load_checkpoint(fake_runner(), checkpoint)
    hook.before_train(fake_runner(iter=6))
    assert [draw() for _ in range(3)] == expected


def test_weights_loaded_to_fine_tune_leave_the_states_alone(tmp_path):
    hook = RandomStateHook()
    checkpoint = saved_and_reloaded(hook, tmp_path, iter=6)
    saved_next = draw()
    seed_all(0)
    hook.after_load_checkpoint(fake_runner(), checkpoint)
    # load_from: training starts at iteration 0, not the checkpoint's 6.
    hook.before_train(fake_runner(iter=0))
    got = draw()
    seed_all(0)
    assert got == draw() != saved_next


def test_with_different_seeds_per_rank_only_rank_0_restores(tmp_path):
    hook = RandomStateHook()
    checkpoint = saved_and_reloaded(hook, tmp_path, iter=2)
    saved_next = draw()
    seed_all(5)
    fresh_next = draw()
    for rank, expected in ((1, fresh_next), (0, saved_next)):
        seed_all(5)
        hook.after_load_checkpoint(fake_runner(), checkpoint)
        hook.before_train(
            fake_runner(iter=2, rank=rank, diff_rank_seed=True))
        assert draw() == expected


def test_validation_does_not_change_training_draws():
    hook = RandomStateHook()
    seed_all(3)
    without_val = [draw() for _ in range(2)]

    seed_all(3)
    first = draw()
    hook.before_val(fake_runner())
    draw()
    # save_best writes a checkpoint during validation: it must hold the
    # training states, not validation's.
    checkpoint = {}
    hook.before_save_checkpoint(fake_runner(), checkpoint)
    draw()
    hook.after_val(fake_runner())
    assert [first, draw()] == without_val
    torch.set_rng_state(checkpoint['random_states']['torch'])
    assert torch.rand(1).item() == without_val[1][2]


def test_a_checkpoint_without_states_resumes_as_mmengine_does():
    hook = RandomStateHook()
    hook.after_load_checkpoint(fake_runner(), dict(meta=dict(iter=4)))
    torch.manual_seed(7)
    expected = torch.rand(1)
    torch.manual_seed(7)
    hook.before_train(fake_runner(iter=4))
    assert torch.equal(torch.rand(1), expected)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs CUDA')
def test_cuda_states_are_restored(tmp_path):
    hook = RandomStateHook()
    checkpoint = saved_and_reloaded(hook, tmp_path, iter=1)
    expected = torch.rand(4, device='cuda')
    torch.cuda.manual_seed(0)
    hook.after_load_checkpoint(fake_runner(), checkpoint)
    hook.before_train(fake_runner(iter=1))
    assert torch.equal(torch.rand(4, device='cuda'), expected)
