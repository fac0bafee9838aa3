import os.path as osp
import subprocess
import sys

from mars_mm.datasets.ai4mars_dataset import sol_from_stem
from mars_mm.datasets.ai4mars_time_split import (labelled_stems, split_by_time,
                                                 time_cut)

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def test_split_orders_by_time(demo_data_root):
    stems = labelled_stems(demo_data_root['ai4mars'])
    splits = split_by_time(stems, trainval_fraction=0.6, val_fraction=0.1)
    assert sorted(sum(splits.values(), [])) == stems
    num_trainval = round(len(stems) * 0.6)
    assert len(splits['train']) + len(splits['val']) == num_trainval
    assert len(splits['val']) == round(num_trainval * 0.1)
    latest_trainval = max(sol_from_stem(s)
                          for s in splits['train'] + splits['val'])
    assert latest_trainval <= min(sol_from_stem(s) for s in splits['test'])
    # Neither the input order nor a rerun changes the split.
    assert split_by_time(stems[::-1]) == splits
    assert split_by_time(stems, seed=1)['test'] == splits['test']
    assert split_by_time(stems, seed=1)['val'] != splits['val']


def _stem(sol: int, index: int) -> str:
    """An MSL EDR stem whose SCLK lies within ``sol``."""
    sclk = int(397446666.183 + (sol + 0.5) * 88775.244) + index
    return f'NLA_{sclk}EDR_F0020000AUT_04096M1'


def test_no_sol_straddles_the_split():
    # Sols 10, 11, 12 with 4, 4, 2 images: 60% of 10 images is the 6th
    # image, in the middle of sol 11, which a cut by count would split.
    stems = [_stem(sol, i) for sol, n in ((10, 4), (11, 4), (12, 2))
             for i in range(n)]
    assert [sol_from_stem(s) for s in stems] == [10] * 4 + [11] * 4 + [12] * 2
    splits = split_by_time(stems, trainval_fraction=0.6, val_fraction=0.25)
    trainval = {sol_from_stem(s) for s in splits['train'] + splits['val']}
    test = {sol_from_stem(s) for s in splits['test']}
    assert not trainval & test
    # Half of sol 11 lies before the fraction: it goes wholly to train/val.
    assert trainval == {10, 11} and test == {12}
    assert time_cut(sorted(stems), 0.6) == (8, 12)
    # Less than half before it (30% is the 3rd image of sol 10's four):
    # the sol goes wholly to test... unless that empties train/val.
    assert time_cut(sorted(stems), 0.5) == (4, 11)
    assert time_cut(sorted(stems), 0.1) == (4, 11)
    assert time_cut(sorted(stems), 0.9) == (8, 12)


def test_split_tool_writes_files_and_summary(demo_data_root, tmp_path):
    out = tmp_path / 'splits'
    result = subprocess.run([
        sys.executable, 'tools/dataset_converters/ai4mars_split.py',
        demo_data_root['ai4mars'], '--out-dir',
        str(out)
    ],
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True,
                            check=True)
    stems = labelled_stems(demo_data_root['ai4mars'])
    expected = split_by_time(stems)
    for name in ('train', 'val', 'test'):
        assert (out / f'{name}.txt').read_text().split() == expected[name]
    # The Table 2 summary: one row per split with its image count.
    for name in ('train', 'val', 'test'):
        row = [line for line in result.stdout.splitlines()
               if line.startswith(f'| {name}') or f' {name} ' in line]
        assert row and f' {len(expected[name])} ' in row[0]
    assert 'big rock %' in result.stdout
    cut = min(sol_from_stem(s) for s in expected['test'])
    assert f'time split cut at sol {cut}:' in result.stdout


def test_labelled_fraction_keeps_a_seeded_share_of_train(
        demo_data_root, tmp_path):

    def split(fraction: float, seed: int) -> dict:
        out = tmp_path / f'{fraction}-{seed}'
        subprocess.run([
            sys.executable, 'tools/dataset_converters/ai4mars_split.py',
            demo_data_root['ai4mars'], '--out-dir',
            str(out), '--labelled-fraction',
            str(fraction), '--labelled-seed',
            str(seed), '--no-summary'
        ],
                       cwd=REPO_ROOT,
                       capture_output=True,
                       check=True)
        return {
            name: (out / f'{name}.txt').read_text().split()
            for name in ('train', 'train_unlabelled', 'val', 'test')
        }

    full = split_by_time(labelled_stems(demo_data_root['ai4mars']))
    quarter = split(0.25, 0)
    assert len(quarter['train']) == round(0.25 * len(full['train']))
    assert sorted(quarter['train'] + quarter['train_unlabelled']) == \
        full['train']
    assert not set(quarter['train']) & set(quarter['train_unlabelled'])
    assert quarter['val'] == full['val'] and quarter['test'] == full['test']
    assert split(0.25, 0) == quarter
    assert split(0.25, 1)['train'] != quarter['train']
    whole = split(1.0, 0)
    assert whole['train'] == full['train'] and whole['train_unlabelled'] == []
