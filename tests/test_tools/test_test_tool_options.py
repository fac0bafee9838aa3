"""``tools/test.py`` options as mmseg's and mmpretrain's own test scripts:
``--tta``, ``--show``/``--wait-time``, ``--show-dir``, ``--out``, ``--amp``."""
import glob
import os
import os.path as osp
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

# Runs tools/test.py in this interpreter after recording, without opening a
# window, what the visualizer is asked to show and how many augmented views
# each TTA merge gets; prints both at the end.
RECORDING_RUN = """
import json, runpy, sys
from mmengine.visualization import Visualizer
from mmseg.models import SegTTAModel
from mmpretrain.models import AverageClsScoreTTA
shown, views = [], []
def show(self, drawn_img=None, win_name='image', wait_time=0., **kwargs):
    shown.append(wait_time)
Visualizer.show = show
def recording(merge):
    def merge_preds(self, data_samples_list):
        views.extend(len(samples) for samples in data_samples_list)
        return merge(self, data_samples_list)
    return merge_preds
SegTTAModel.merge_preds = recording(SegTTAModel.merge_preds)
AverageClsScoreTTA.merge_preds = recording(AverageClsScoreTTA.merge_preds)
sys.argv = ['tools/test.py'] + sys.argv[1:]
runpy.run_path('tools/test.py', run_name='__main__')
print('RECORDED', json.dumps(dict(shown=shown, views=views)))
"""


def run_test_tool(args: list, recording: bool = False,
                  check: bool = True) -> subprocess.CompletedProcess:
    command = ['-c', RECORDING_RUN] if recording else ['tools/test.py']
    result = subprocess.run([sys.executable] + command + args,
                            cwd=REPO_ROOT,
                            env=dict(os.environ, OMP_NUM_THREADS='1'),
                            capture_output=True,
                            text=True)
    if check:
        assert result.returncode == 0, (result.stdout +
                                        result.stderr)[-4000:]
    return result


def recorded(result: subprocess.CompletedProcess) -> dict:
    import json
    line = [
        line for line in result.stdout.splitlines()
        if line.startswith('RECORDED ')
    ][-1]
    return json.loads(line[len('RECORDED '):])


def test_segmentation_tta_show_and_out_folder(demo_runs, tmp_path):
    run = demo_runs['ai4mars_semi_demo']
    out_dir = tmp_path / 'predictions'
    result = run_test_tool(
        [run['config'], run['checkpoint'], '--work-dir',
         str(tmp_path / 'work'), '--tta', '--show', '--wait-time', '0.25',
         '--out', str(out_dir), '--cfg-options'] + run['options'],
        recording=True)
    # The 4 test images of the run.
    record = recorded(result)
    # --tta: mmseg's six scales x two flips, merged per image.
    assert record['views'] == [12] * 4
    # --show with --wait-time: each painted prediction shown that long.
    assert record['shown'] == [0.25] * 4
    # --out FOLDER: one PNG of class indices per test image, at its size.
    pngs = sorted(out_dir.glob('*.png'))
    assert len(pngs) == 4
    image_dir = osp.join(run['options'][2].split('=', 1)[1], 'images', 'edr')
    for png in pngs:
        label = np.array(Image.open(png))
        image = Image.open(osp.join(image_dir, png.stem + '.JPG'))
        assert label.shape == image.size[::-1]
        assert label.max() < 4


def test_segmentation_show_dir_under_work_dir_and_out_pkl(
        demo_runs, tmp_path):
    run = demo_runs['ai4mars_deeplabv3plus_demo']
    work_dir = tmp_path / 'work'
    out = tmp_path / 'predictions.pkl'
    # From another folder: a relative --show-dir lies under the work dir.
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, 'tools', 'test.py'),
         osp.join(REPO_ROOT, run['config']), run['checkpoint'],
         '--work-dir', str(work_dir), '--show-dir', 'painted', '--out',
         str(out), '--cfg-options'] + run['options'],
        cwd=str(tmp_path), env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    painted = glob.glob(str(work_dir / 'painted' / '**' / '*.png'),
                        recursive=True)
    assert len(painted) == 4
    assert not osp.exists(tmp_path / 'painted')
    # --out ending in .pkl: a pickle of the predictions, as before.
    with open(out, 'rb') as f:
        assert len(pickle.load(f)) == 4


def test_classification_tta_is_flip(demo_runs, tmp_path):
    run = demo_runs['msl_resnet18_demo']
    out = tmp_path / 'predictions.pkl'
    result = run_test_tool(
        [run['config'], run['checkpoint'], '--work-dir',
         str(tmp_path / 'work'), '--tta', '--out', str(out), '--cfg-options'
         ] + run['options'] + ['test_dataloader.dataset.indices=3'],
        recording=True)
    # mmpretrain's default: scores averaged over the image and its flip.
    assert recorded(result)['views'] == [2] * 3
    with open(out, 'rb') as f:
        assert len(pickle.load(f)) == 3


def test_classification_show_and_show_dir_under_work_dir(demo_runs, tmp_path):
    run = demo_runs['msl_resnet18_demo']
    work_dir = tmp_path / 'work'
    result = run_test_tool(
        [run['config'], run['checkpoint'], '--work-dir',
         str(work_dir), '--show', '--wait-time', '0.5', '--show-dir',
         'painted', '--cfg-options'] + run['options'] +
        ['test_dataloader.dataset.indices=3'],
        recording=True)
    assert recorded(result)['shown'] == [0.5] * 3
    assert len(glob.glob(str(work_dir / 'painted' / '*.png'))) == 3
    assert not osp.exists(osp.join(REPO_ROOT, 'painted'))


def test_tta_without_tta_pipeline_names_the_missing_key(demo_runs, tmp_path):
    run = demo_runs['ai4mars_deeplabv3plus_demo']
    result = run_test_tool(
        [run['config'], run['checkpoint'], '--work-dir',
         str(tmp_path), '--tta', '--cfg-options'] + run['options'] +
        ['tta_pipeline=None'],
        check=False)
    assert result.returncode != 0
    assert '--tta needs tta_pipeline in the config' in result.stderr


@pytest.mark.skipif(torch.cuda.is_available(), reason='a GPU runs --amp')
@pytest.mark.parametrize('tool', ['train', 'test'])
def test_amp_on_cpu_is_refused_before_the_runner_starts(tool, tmp_path):
    config = 'configs/demo/ai4mars_deeplabv3plus_demo.py'
    args = [config] + (['epoch_1.pth'] if tool == 'test' else [])
    result = subprocess.run(
        [sys.executable, f'tools/{tool}.py'] + args +
        ['--work-dir', str(tmp_path), '--amp'],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True)
    assert result.returncode != 0
    assert ('AmpUnavailableError: --amp (automatic mixed precision) needs a '
            'CUDA, NPU or MLU device, and none is available here'
            in result.stderr)
    # Stopped before the Runner: no log folder in the work dir.
    assert os.listdir(tmp_path) == []
