"""Our configs through the codebases' own ``tools/train.py``/``tools/test.py``.

The scripts that onedl-mmsegmentation and onedl-mmpretrain ship (in
``<package>/.mim/tools/``, as upstream's), run unchanged in a fresh
interpreter: nothing of mars_mm is imported before they parse the config.
"""
import ast
import glob
import os
import os.path as osp
import subprocess
import sys

import mmpretrain
import mmseg
import pytest
import torch
from mmengine.config import Config

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SCOPE_BASE = osp.join(REPO_ROOT, 'configs', '_base_', 'onedl_mmseg_scope.py')

UPSTREAM_TOOLS = {
    'mmseg': osp.join(osp.dirname(mmseg.__file__), '.mim', 'tools'),
    'mmpretrain': osp.join(osp.dirname(mmpretrain.__file__), '.mim', 'tools'),
}

# (demo config, codebase, dataset key of the demo data, a test metric)
DEMOS = [
    ('msl_resnet18_demo', 'mmpretrain', 'msl', 'accuracy/top1'),
    ('msl_semi_demo', 'mmpretrain', 'msl', 'accuracy/top1'),
    ('ai4mars_deeplabv3plus_demo', 'mmseg', 'ai4mars', 'fwIoU'),
    ('ai4mars_semi_demo', 'mmseg', 'ai4mars', 'fwIoU'),
]


def run_upstream(codebase: str, script: str, args: list,
                 cwd: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable,
         osp.join(UPSTREAM_TOOLS[codebase], script)] + args,
        cwd=cwd,
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout + result.stderr


@pytest.mark.parametrize('name,codebase,data_key,metric', DEMOS)
def test_upstream_train_and_test_run_the_demo_config(
        name, codebase, data_key, metric, demo_data_root, tiny_run_options,
        semi_classification_options, tmp_path):
    config = osp.join(REPO_ROOT, 'configs', 'demo', name + '.py')
    if name == 'msl_semi_demo':
        options = semi_classification_options(demo_data_root)
    else:
        options = tiny_run_options(demo_data_root[data_key], 1)
    work_dir = str(tmp_path / 'work')
    # From another folder than the repository's, as a user of the codebase.
    run_upstream(codebase, 'train.py',
                 [config, '--work-dir', work_dir, '--cfg-options'] + options,
                 cwd=str(tmp_path))
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    meta = torch.load(checkpoint, map_location='cpu',
                      weights_only=False)['meta']
    assert meta['iter'] == 2

    output = run_upstream(
        codebase, 'test.py',
        [config, checkpoint, '--work-dir',
         str(tmp_path / 'test'), '--cfg-options'] + options,
        cwd=str(tmp_path))
    assert f'{metric}: ' in output


def _bases_in_order(filename: str) -> list:
    """The bases mmengine reads for ``filename``, depth first, in order."""
    for node in ast.parse(open(filename).read()).body:
        if (isinstance(node, ast.Assign)
                and getattr(node.targets[0], 'id', None) == '_base_'):
            bases = ast.literal_eval(node.value)
            break
    else:
        return []
    order = []
    for base in bases if isinstance(bases, list) else [bases]:
        if '::' in base:
            order.append(base)
        else:
            path = osp.normpath(osp.join(osp.dirname(filename), base))
            order += [path] + _bases_in_order(path)
    return order


@pytest.mark.parametrize(
    'config',
    sorted(
        osp.relpath(path, REPO_ROOT) for path in glob.glob(
            osp.join(REPO_ROOT, 'configs', '**', '*.py'), recursive=True)
        if '_base_' not in path))
def test_every_config_reads_the_scope_base_before_mmseg_bases(config):
    """mmengine reads bases in order: the one that imports mars_mm must come
    before the first ``mmseg::`` base, or upstream's scripts stop with
    "mmsegmentation is not installed"."""
    order = _bases_in_order(osp.join(REPO_ROOT, config))
    mmseg_bases = [i for i, b in enumerate(order) if b.startswith('mmseg::')]
    if mmseg_bases:
        assert SCOPE_BASE in order[:mmseg_bases[0]], order


def test_scope_base_lets_a_fresh_interpreter_read_mmseg_bases(tmp_path):
    """The mechanism itself, without any of our tools: a config that lists
    the scope base first reads ``mmseg::`` bases in a bare interpreter, and
    without it the same config fails as upstream's scripts did."""
    base = "'mmseg::_base_/models/deeplabv3plus_r50-d8.py'"
    with_scope = tmp_path / 'with_scope.py'
    with_scope.write_text(f'_base_ = [{SCOPE_BASE!r}, {base}]\n')
    without = tmp_path / 'without.py'
    without.write_text(f'_base_ = [{base}]\n')
    script = ('import sys\n'
              'from mmengine.config import Config\n'
              'try:\n'
              '    Config.fromfile(sys.argv[1])\n'
              'except ModuleNotFoundError as e:\n'
              '    print("failed:", e)\n'
              'else:\n'
              '    print("read:", Config.fromfile(sys.argv[1]).model.type)\n')
    outputs = [
        subprocess.run([sys.executable, '-c', script, str(path)],
                       capture_output=True, text=True,
                       cwd=str(tmp_path)).stdout.splitlines()[-1]
        for path in (with_scope, without)
    ]
    assert outputs[0] == 'read: EncoderDecoder'
    assert outputs[1].startswith('failed: mmsegmentation is not installed')
    # The scope base defines no key of its own.
    assert 'mars_mm' not in Config.fromfile(str(with_scope)).to_dict()


def test_upstream_mmseg_test_tta_and_out_folder(demo_runs, tmp_path):
    """mmseg's own ``--tta`` (our configs' tta_pipeline and mmseg's
    SegTTAModel) and ``--out FOLDER`` (our metric's output_dir)."""
    run = demo_runs['ai4mars_deeplabv3plus_demo']
    out_dir = tmp_path / 'predictions'
    output = run_upstream(
        'mmseg', 'test.py',
        [osp.join(REPO_ROOT, run['config']), run['checkpoint'], '--work-dir',
         str(tmp_path / 'work'), '--tta', '--out',
         str(out_dir), '--cfg-options'] + run['options'],
        cwd=str(tmp_path))
    assert 'fwIoU: ' in output
    assert len(list(out_dir.glob('*.png'))) == 4
    dumped = Config.fromfile(str(tmp_path / 'work' /
                                 'ai4mars_deeplabv3plus_demo.py'))
    assert dumped.model.type == 'SegTTAModel'
