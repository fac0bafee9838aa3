import subprocess
import sys
from collections import Counter
from os import path as osp

from mars_mm.datasets import MSLSurfaceDataset

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def subset(root: str, out: str, fraction: float, seed: int) -> dict:
    subprocess.run([
        sys.executable, 'tools/dataset_converters/msl_labelled_subset.py',
        root, '--labelled-fraction',
        str(fraction), '--seed',
        str(seed), '--reshuffle-seed', '0', '--out-dir', out
    ],
                   cwd=REPO_ROOT,
                   capture_output=True,
                   check=True)
    return {
        name: open(osp.join(out, f'{name}.txt')).read().splitlines()
        for name in ('train', 'val', 'test', 'unlabelled')
    }


def lines(dataset: MSLSurfaceDataset, root: str) -> list:
    return [
        f'{osp.relpath(d["img_path"], root)} {d["raw_label"]}'
        for d in dataset.load_data_list()
    ]


def test_keeps_a_share_of_each_class_and_lists_the_rest(
        demo_data_root, tmp_path):
    root = demo_data_root['msl']
    train = lines(MSLSurfaceDataset(root, reshuffle_seed=0), root)
    files = subset(root, str(tmp_path / 'a'), 0.25, 0)
    per_class = Counter(line.split()[1] for line in train)
    kept = Counter(line.split()[1] for line in files['train'])
    assert kept == {
        raw: max(1, round(0.25 * count))
        for raw, count in per_class.items()
    }
    assert set(files['train']) <= set(train)
    rest = [line.split()[0] for line in train if line not in files['train']]
    assert sorted(files['unlabelled']) == sorted(rest)
    for split in ('val', 'test'):
        assert files[split] == lines(
            MSLSurfaceDataset(root, split=split, reshuffle_seed=0), root)
    # The files load as a split of their own, without re-splitting.
    labelled = MSLSurfaceDataset(
        root,
        split_files={
            s: osp.join(str(tmp_path / 'a'), f'{s}.txt')
            for s in ('train', 'val', 'test')
        })
    assert lines(labelled, root) == files['train']
    assert subset(root, str(tmp_path / 'b'), 0.25, 0) == files
    assert subset(root, str(tmp_path / 'c'), 0.25, 1)['train'] != \
        files['train']
    assert subset(root, str(tmp_path / 'd'), 1.0, 0)['unlabelled'] == []
