import json
import os.path as osp
import subprocess
import sys

import pytest
import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

# (config, dataset key of the demo data, the test metric it must report)
DEMO_CONFIGS = [
    ('configs/demo/msl_resnet18_demo.py', 'msl', 'accuracy/top1'),
    ('configs/demo/ai4mars_deeplabv3plus_demo.py', 'ai4mars', 'fwIoU'),
    ('configs/demo/ai4mars_semi_demo.py', 'ai4mars', 'fwIoU'),
]


def run_tool(args: list) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable] + args,
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[
        -3000:]
    return result


@pytest.mark.slow
@pytest.mark.parametrize('config,data_key,metric', DEMO_CONFIGS)
def test_train_checkpoint_resume_and_test(config, data_key, metric,
                                          demo_data_root, tiny_run_options,
                                          tmp_path):
    work_dir = str(tmp_path / 'work')
    data_root = demo_data_root[data_key]
    run_tool(['tools/train.py', config, '--work-dir', work_dir,
              '--cfg-options'] + tiny_run_options(data_root, 1))
    first = torch.load(osp.join(work_dir, 'epoch_1.pth'), map_location='cpu',
                       weights_only=False)
    assert first['meta']['epoch'] == 1 and first['meta']['iter'] == 2

    # Resuming (latest checkpoint of the work_dir) continues at iteration 2.
    resumed = run_tool(['tools/train.py', config, '--work-dir', work_dir,
                        '--resume', '--cfg-options'] +
                       tiny_run_options(data_root, 2))
    assert 'resumed epoch: 1, iter: 2' in resumed.stdout + resumed.stderr
    second = torch.load(osp.join(work_dir, 'epoch_2.pth'), map_location='cpu',
                        weights_only=False)
    assert second['meta']['epoch'] == 2 and second['meta']['iter'] == 4
    changed = [
        key for key, value in first['state_dict'].items()
        if value.is_floating_point()
        and not torch.equal(value, second['state_dict'][key])
    ]
    assert changed, 'the resumed epoch did not train'

    test_dir = str(tmp_path / 'test')
    out = str(tmp_path / 'predictions.pkl')
    run_tool(['tools/test.py', config, osp.join(work_dir, 'epoch_2.pth'),
              '--work-dir', test_dir, '--out', out, '--cfg-options'] +
             tiny_run_options(data_root, 2))
    assert osp.getsize(out) > 0
    logs = sorted(
        p for p in (tmp_path / 'test').glob('*/*.json'))
    metrics = json.loads(logs[-1].read_text().splitlines()[-1])
    assert 0 <= metrics[metric] <= 100


def test_stock_mmseg_config_finds_components_by_custom_imports(
        demo_data_root, tmp_path):
    """A config that knows mars_mm only through custom_imports."""
    config = tmp_path / 'stock_config.py'
    config.write_text(
        "custom_imports = dict(imports=['mars_mm'], "
        'allow_failed_imports=False)\n'
        'train_dataloader = dict(dataset=dict(\n'
        "    type='AI4MarsDataset',\n"
        f"    data_root={demo_data_root['ai4mars']!r},\n"
        "    ann_file='splits/train.txt',\n"
        "    pipeline=[dict(type='LoadCheckedImageFromFile'),\n"
        "              dict(type='LoadAI4MarsAnnotations'),\n"
        "              dict(type='PackSegInputs')]))\n")
    # A fresh interpreter: nothing of mars_mm is imported before the config.
    script = (
        'import sys\n'
        'from mmengine.config import Config\n'
        'from mmengine.registry import init_default_scope\n'
        'from mmseg.registry import DATASETS\n'
        f'cfg = Config.fromfile({str(config)!r})\n'
        "init_default_scope('mmseg')\n"
        'ds = DATASETS.build(cfg.train_dataloader.dataset)\n'
        "sample = ds[0]['data_samples']\n"
        "print(type(ds).__name__, len(ds), 'mars_mm' in sys.modules)\n")
    result = subprocess.run([sys.executable, '-c', script],
                            capture_output=True,
                            text=True,
                            cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    with open(osp.join(demo_data_root['ai4mars'], 'splits',
                       'train.txt')) as f:
        num_train = len(f.read().split())
    # The last line: upstream's import prints a debug line of its own.
    assert result.stdout.splitlines()[-1].split() == [
        'AI4MarsDataset', str(num_train), 'True'
    ]
