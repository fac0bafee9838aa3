"""The soak benchmark (issue 12) at 30 iterations: RSS is sampled, growth is
computed and the section lands in a results file beside what it held."""
import pytest

from benchmarks.soak import (GROWTH_BOUND, SECTION_TITLE, growth,
                             replace_section, soak_one)

MiB = 2**20


def test_growth_by_hand():
    # Warm-up 20: the reference is the sample at 20 (100 MiB); then +2 MiB
    # at most, ending at +1 MiB.
    samples = [(0, 50 * MiB), (10, 90 * MiB), (20, 100 * MiB),
               (30, 102 * MiB), (40, 101 * MiB)]
    g = growth(samples, warmup=20)
    assert (g['warmup_iter'], g['warmup_rss']) == (20, 100 * MiB)
    assert g['end_rss'] == 101 * MiB and g['last_iter'] == 40
    assert g['max_growth'] == 2 * MiB
    # Least squares over (20, 100), (30, 102), (40, 101): 0.05 MiB/iter.
    assert g['slope_per_1k'] == pytest.approx(50 * MiB)
    assert g['met']
    steady_leak = [(i, 100 * MiB + i * MiB) for i in range(0, 100, 10)]
    g = growth(steady_leak, warmup=20)
    assert g['max_growth'] == 70 * MiB > GROWTH_BOUND * g['warmup_rss']
    assert not g['met']
    with pytest.raises(ValueError, match='two samples'):
        growth(samples, warmup=40)


def test_thirty_iterations_sample_rss(demo_data_root, tmp_path):
    root = demo_data_root['ai4mars']
    result = soak_one(
        'configs/demo/ai4mars_semi_demo.py',
        iters=30,
        interval=5,
        work_dir=str(tmp_path / 'work'),
        val_every=4,
        options={
            'train_dataloader.dataset.data_root': root,
            'val_dataloader.dataset.data_root': root,
            'val_dataloader.dataset.indices': 2,
            'train_dataloader.dataset.indices': 8,
            'train_dataloader.batch_size': 2,
        })
    # 4 iterations an epoch: training stops at the end of epoch 8, with a
    # validation and a checkpoint after epochs 4 and 8.
    assert result['iters_per_epoch'] == 4 and result['iters'] == 32
    assert result['validations'] == 2
    assert (tmp_path / 'work' / 'epoch_8.pth').exists()
    iters = [it for it, _ in result['samples']]
    assert iters == [0, 5, 10, 15, 20, 25, 30]
    assert all(rss > 50 * MiB for _, rss in result['samples'])
    g = growth(result['samples'], warmup=10)
    assert g['warmup_iter'] == 10 and g['last_iter'] == 30
    assert g['max_growth'] >= 0


def test_section_replaces_its_old_version_and_keeps_the_rest(tmp_path):
    path = tmp_path / 'RESULTS.md'
    path.write_text('# Benchmarks\n\n## 4. Data\n\ntable\n')
    replace_section(str(path), f'## {SECTION_TITLE}\n\nfirst\n')
    replace_section(str(path), f'## {SECTION_TITLE}\n\nsecond\n')
    text = path.read_text()
    assert text.startswith('# Benchmarks\n\n## 4. Data\n\ntable\n\n')
    assert text.count(SECTION_TITLE) == 1 and 'second' in text
    assert 'first' not in text
