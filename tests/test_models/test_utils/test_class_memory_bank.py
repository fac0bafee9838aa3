import os

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from mars_mm.models.utils import ClassMemoryBank


def test_update_matches_hand_example():
    bank = ClassMemoryBank(num_classes=3, feat_dim=2, queue_len=2)
    # Step 1: class 0 twice, class 2 once, one ignored element whose huge
    # value would show up in any mean it leaked into.
    counts = bank.update(
        torch.tensor([[1., 2.], [3., 4.], [5., 6.], [1e6, 1e6]]),
        torch.tensor([0, 0, 2, 255]))
    assert counts.tolist() == [2, 0, 1]
    assert torch.equal(bank.queue[0], torch.tensor([[2., 3.], [0., 0.]]))
    assert torch.equal(bank.queue[1], torch.zeros(2, 2))
    assert torch.equal(bank.queue[2], torch.tensor([[5., 6.], [0., 0.]]))
    assert bank.num_pushed.tolist() == [1, 0, 1]

    # Steps 2 and 3 hold class 0 only: the third push rolls over and drops
    # the oldest entry (2, 3); classes 1 and 2 stay as they were.
    bank.update(torch.tensor([[0., 8.]]), torch.tensor([0]))
    bank.update(torch.tensor([[4., 0.], [6., 2.]]), torch.tensor([0, 0]))
    assert torch.equal(bank.queue[0], torch.tensor([[5., 1.], [0., 8.]]))
    assert torch.equal(bank.queue[2], torch.tensor([[5., 6.], [0., 0.]]))
    assert bank.num_pushed.tolist() == [3, 0, 1]

    centers, valid = bank.centers()
    assert valid.tolist() == [True, False, True]
    assert torch.allclose(centers[0], torch.tensor([2.5, 4.5]))
    assert torch.allclose(centers[2], torch.tensor([5., 6.]))


def test_update_detaches_and_skips_all_ignored_step():
    bank = ClassMemoryBank(num_classes=2, feat_dim=3, queue_len=4)
    feats = torch.randn(5, 3, requires_grad=True)
    bank.update(feats, torch.full((5, ), 255))
    assert bank.num_pushed.tolist() == [0, 0]
    assert not bank.centers()[1].any()
    bank.update(feats, torch.tensor([1, 1, 1, 1, 1]))
    assert not bank.queue.requires_grad
    assert torch.allclose(bank.centers()[0][1], feats.detach().mean(0))



def test_non_finite_features_are_not_pushed():
    """Guards issue 12, weak 4: NaN or inf features (a diverged step) used to
    enter the queues and poison the class centers for queue_len steps."""
    bank = ClassMemoryBank(num_classes=3, feat_dim=2, queue_len=2)
    bank.update(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([0, 1]))
    before = bank.queue.clone()
    # Class 0: one NaN element; class 1: an inf; class 2 finite; a NaN of an
    # ignored element does not matter.
    bank.update(
        torch.tensor([[float('nan'), 0.], [5., 5.], [float('inf'), 1.],
                      [7., 8.], [float('nan'), 0.]]),
        torch.tensor([0, 0, 1, 2, 255]))
    assert torch.isfinite(bank.queue).all()
    assert torch.equal(bank.queue[:2], before[:2])
    assert bank.num_pushed.tolist() == [1, 1, 1]
    assert torch.equal(bank.queue[2, 0], torch.tensor([7., 8.]))


def test_queue_state_is_in_state_dict():
    bank = ClassMemoryBank(num_classes=2, feat_dim=2, queue_len=3)
    bank.update(torch.tensor([[1., 2.]]), torch.tensor([1]))
    restored = ClassMemoryBank(num_classes=2, feat_dim=2, queue_len=3)
    restored.load_state_dict(bank.state_dict())
    assert torch.equal(restored.queue, bank.queue)
    assert torch.equal(restored.num_pushed, bank.num_pushed)


@pytest.mark.parametrize('feats, labels, match', [
    (torch.zeros(3, 4), torch.zeros(3, dtype=torch.long), r'\(N, 2\)'),
    (torch.zeros(3, 2), torch.zeros(2, dtype=torch.long), 'labels must'),
    (torch.zeros(2, 2), torch.tensor([0, 3]), r'\[0, 3\)'),
    (torch.zeros(2, 2), torch.tensor([-1, 0]), r'\[0, 3\)'),
])
def test_bad_input_is_rejected(feats, labels, match):
    bank = ClassMemoryBank(num_classes=3, feat_dim=2)
    with pytest.raises(ValueError, match=match):
        bank.update(feats, labels)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match='queue_len'):
        ClassMemoryBank(num_classes=3, feat_dim=2, queue_len=0)
    with pytest.raises(ValueError, match='ignore_index'):
        ClassMemoryBank(num_classes=3, feat_dim=2, ignore_index=1)


def _update_on_rank(rank: int, init_file: str, out_dir: str) -> None:
    dist.init_process_group(
        'gloo', init_method=f'file://{init_file}', rank=rank, world_size=2)
    bank = ClassMemoryBank(num_classes=3, feat_dim=2, queue_len=2)
    # Rank 0 sees class 0 twice; rank 1 sees class 0 once and class 1.
    feats = [[[1., 0.], [3., 0.]], [[8., 3.], [0., 7.]]][rank]
    labels = [[0, 0], [0, 1]][rank]
    counts = bank.update(torch.tensor(feats), torch.tensor(labels))
    torch.save(
        dict(bank.state_dict(), counts=counts),
        os.path.join(out_dir, f'{rank}.pth'))
    dist.destroy_process_group()


@pytest.mark.slow
def test_banks_identical_across_two_gloo_ranks(tmp_path):
    # fork: the children inherit the imported packages (spawn re-imports
    # them, which takes most of the test's time).
    mp.start_processes(
        _update_on_rank,
        args=(str(tmp_path / 'init'), str(tmp_path)),
        nprocs=2,
        join=True,
        start_method='spawn')
    banks = [torch.load(tmp_path / f'{r}.pth') for r in range(2)]
    assert torch.equal(banks[0]['queue'], banks[1]['queue'])
    assert torch.equal(banks[0]['num_pushed'], banks[1]['num_pushed'])
    # Global means: class 0 = mean of (1,0), (3,0), (8,3); class 1 = (0,7).
    assert torch.allclose(banks[0]['queue'][0, 0], torch.tensor([4., 1.]))
    assert torch.allclose(banks[0]['queue'][1, 0], torch.tensor([0., 7.]))
    assert banks[0]['num_pushed'].tolist() == [1, 1, 0]
    # Both ranks get the counts of the whole step.
    for bank in banks:
        assert bank['counts'].tolist() == [3, 1, 0]
