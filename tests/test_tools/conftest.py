import os
import os.path as osp
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, List

import numpy as np
import pytest
from PIL import Image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

# The demo configs and the demo dataset each trains on.
DEMO_RUNS = {
    'msl_resnet18_demo': 'msl',
    'msl_semi_demo': 'msl',
    'ai4mars_deeplabv3plus_demo': 'ai4mars',
    'ai4mars_semi_demo': 'ai4mars',
}


def _tiny_run_options(data_root: str, max_epochs: int) -> List[str]:
    """Two iterations an epoch on the demo data, no validation."""
    options = [f'{split}_dataloader.dataset.data_root={data_root}'
               for split in ('train', 'val', 'test')]
    return options + [
        'train_dataloader.dataset.indices=8',
        'train_dataloader.batch_size=4',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        'test_dataloader.dataset.indices=4',
        f'train_cfg.max_epochs={max_epochs}',
        'train_cfg.val_interval=100',
        'default_hooks.checkpoint.interval=1',
        'default_hooks.checkpoint.max_keep_ckpts=5',
    ]


def _semi_classification_options(roots: Dict[str, str]) -> List[str]:
    """Two iterations of the three-stream demo, no validation.

    Its training set is a ``ConcatDataset``: an epoch is one pass over the
    ``sup`` source, cut to 8 images in batches of 4; the ``inter_class``
    batch stays 24 classes x 2.
    """
    msl, unlabeled = roots['msl'], roots['msl_unlabeled']
    return [
        f'train_dataloader.dataset.datasets.0.data_root={msl}',
        f'train_dataloader.dataset.datasets.1.data_root={msl}',
        f'train_dataloader.dataset.datasets.2.data_root={unlabeled}',
        'train_dataloader.dataset.datasets.0.indices=8',
        'train_dataloader.sampler.batch_sizes=[4,48,4]',
        'train_dataloader.batch_size=56',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        f'val_dataloader.dataset.data_root={msl}',
        f'test_dataloader.dataset.data_root={msl}',
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        'train_cfg.max_epochs=1',
        'train_cfg.val_interval=100',
    ]


def _run_in_turn(commands: List[List[str]]) -> None:
    """Run scripts of the repository one after the other; all must succeed.

    One process each, as a user runs them: runners in one process would
    share mmseg's visualizer (a named singleton) and its log folder.
    """
    for command in commands:
        result = subprocess.run([sys.executable] + command,
                                cwd=REPO_ROOT,
                                env=dict(os.environ, OMP_NUM_THREADS='1'),
                                capture_output=True,
                                text=True)
        assert result.returncode == 0, ' '.join(command) + '\n' + (
            result.stdout + result.stderr)[-5000:]


@pytest.fixture(scope='session')
def tiny_run_options():
    """``tiny_run_options(data_root, max_epochs)``: the ``--cfg-options``
    of a run of two iterations an epoch on the demo data, no validation.
    """
    return _tiny_run_options


@pytest.fixture(scope='session')
def semi_classification_options():
    """``semi_classification_options(roots)``: the ``--cfg-options`` of two
    iterations of the three-stream classification demo on the demo data
    (``demo_data_root``), no validation.
    """
    return _semi_classification_options


@pytest.fixture(scope='session')
def demo_runs(demo_data_root, tmp_path_factory) -> Dict[str, dict]:
    """The four demo configs trained for two iterations, and tested.

    Each entry: ``config``, ``work_dir`` (as ``tools/train.py`` leaves it,
    with the test metrics of ``tools/test.py`` in ``work_dir/test``),
    ``checkpoint``, ``results`` (``tools/test.py --out``) and ``options``
    (the ``--cfg-options`` that point the config at the demo data).
    """
    root = tmp_path_factory.mktemp('demo_runs')
    runs: Dict[str, dict] = {}
    commands: Dict[str, List[List[str]]] = {'msl': [], 'ai4mars': []}
    for name, data_key in DEMO_RUNS.items():
        config = f'configs/demo/{name}.py'
        if name == 'msl_semi_demo':
            options = _semi_classification_options(demo_data_root)
        else:
            options = _tiny_run_options(demo_data_root[data_key], 1)
        if data_key == 'msl':
            # The whole test split (72 small images): every class has test
            # images for the per-class figures.
            options = [o for o in options
                       if not o.startswith('test_dataloader.dataset.indices')]
        # A loss value at each of the two iterations, for the curves.
        options.append('default_hooks.logger.interval=1')
        work_dir = str(root / name)
        checkpoint = osp.join(work_dir, 'epoch_1.pth')
        results = osp.join(work_dir, 'results.pkl')
        commands[data_key] += [
            ['tools/train.py', config, '--work-dir', work_dir,
             '--cfg-options'] + options,
            ['tools/test.py', config, checkpoint, '--work-dir',
             osp.join(work_dir, 'test'), '--out', results, '--cfg-options'] +
            options,
        ]
        runs[name] = dict(config=config, work_dir=work_dir,
                          checkpoint=checkpoint, results=results,
                          options=options)
    # The two tasks side by side, one core (and OpenMP thread) each.
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(_run_in_turn, commands.values()))
    return runs


def _masked_label(root: str, stem: str) -> np.ndarray:
    """An AI4Mars label with its rover and range masks, read directly."""
    label = np.array(Image.open(osp.join(root, 'labels', 'train',
                                         stem + '.png')))
    for folder, tag in (('mxy', 'MXY'), ('rng-30m', 'RNG')):
        mask = np.array(Image.open(osp.join(
            root, 'images', folder, stem.replace('EDR', tag) + '.png')))
        label[mask != 0] = 255
    return label


@pytest.fixture
def masked_label() -> Callable[[str, str], np.ndarray]:
    """Reads ``(root, stem)``'s label as training sees it, independently of
    mars_mm's loader."""
    return _masked_label
