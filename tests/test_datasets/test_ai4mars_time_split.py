import os.path as osp
import subprocess
import sys

from mars_mm.datasets.ai4mars_dataset import sol_from_stem
from mars_mm.datasets.ai4mars_time_split import labelled_stems, split_by_time

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
