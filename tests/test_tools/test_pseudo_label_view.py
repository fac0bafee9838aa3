import csv
import subprocess
import sys
from os import path as osp

import numpy as np
import pytest
import torch
from mmseg.apis import inference_model, init_model
from PIL import Image

from mars_mm.models.segmentors import PseudoLabelEncoderDecoder

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def run_view(args: list) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, 'tools/analysis/pseudo_label_view.py'] + args,
        cwd=REPO_ROOT, capture_output=True, text=True)


@pytest.mark.slow
def test_pseudo_labels_of_the_demo_model(demo_runs, demo_data_root,
                                         masked_label, tmp_path):
    run, root = demo_runs['ai4mars_semi_demo'], demo_data_root['ai4mars']
    with open(osp.join(root, 'splits', 'train.txt')) as f:
        stems = f.read().split()[:2]
    # By hand, on the first training image: the stock inference API's
    # logits (original size) and the label read from its files, merged by
    # the model's own equation at a threshold that about half of the
    # unlabelled pixels pass.
    model = init_model(osp.join(REPO_ROOT, run['config']), run['checkpoint'],
                       device='cpu')
    image = osp.join(root, 'images', 'edr', stems[0] + '.JPG')
    logits = inference_model(model, image).seg_logits.data
    label = masked_label(root, stems[0])
    # Rover- and range-masked pixels are not unlabelled terrain: they never
    # take a pseudo label and are not counted.
    terrain = np.ones(label.shape, bool)
    for folder, tag in (('mxy', 'MXY'), ('rng-30m', 'RNG')):
        terrain &= np.array(Image.open(osp.join(
            root, 'images', folder, stems[0].replace('EDR', tag) +
            '.png'))) == 0
    assert not terrain.all()
    unlabeled = (label == 255) & terrain
    confidence = logits.softmax(dim=0).max(dim=0).values.numpy()
    threshold = round(float(np.median(confidence[unlabeled])), 6)
    merged = PseudoLabelEncoderDecoder.merge_pseudo_labels(
        logits[None], torch.from_numpy(label)[None], threshold,
        mask=torch.from_numpy(terrain)[None])[0].numpy()
    taken = np.bincount(merged[unlabeled & (merged != 255)], minlength=4)
    expected = 100 * taken / unlabeled.sum()
    assert 10 < expected.sum() < 90

    out = str(tmp_path / 'pseudo.png')
    result = run_view([
        run['config'], run['checkpoint'], '--num-images', '2', '--threshold',
        str(threshold), '--out', out, '--cfg-options',
        f'train_dataloader.dataset.data_root={root}',
        f'test_dataloader.dataset.data_root={root}'
    ])
    assert result.returncode == 0, result.stderr[-3000:]
    with open(osp.join(tmp_path, 'pseudo.csv')) as f:
        rows = list(csv.DictReader(f))
    assert [osp.basename(r['image']) for r in rows] == [
        stem + '.JPG' for stem in stems
    ] + ['all']
    first = rows[0]
    assert int(first['unlabelled_pixels']) == unlabeled.sum()
    classes = ['soil', 'bedrock', 'sand', 'big rock']
    shares = [float(first[f'{name} %']) for name in classes]
    # Pixels within float noise of the threshold may go either way.
    np.testing.assert_allclose(shares, expected, atol=0.2)
    assert float(first['pseudo %']) == pytest.approx(sum(shares), abs=0.02)
    # The last row pools both images' pixels.
    second = rows[1]
    counts = [int(r['unlabelled_pixels']) for r in rows]
    assert counts[2] == counts[0] + counts[1]
    for name in classes + ['pseudo']:
        pooled = (float(first[f'{name} %']) * counts[0] +
                  float(second[f'{name} %']) * counts[1]) / counts[2]
        assert float(rows[2][f'{name} %']) == pytest.approx(pooled, abs=0.02)

    picture = np.asarray(Image.open(out).convert('RGB'), dtype=int)
    # Two rows of four panels, 13 x (2 x 3.3 + 0.6) inches at 80 dpi.
    assert picture.shape == (576, 1040, 3)
    coloured = picture.max(axis=2) - picture.min(axis=2) > 60
    quarter = picture.shape[1] // 4
    # The grey rover image has no colour; labels and confidences have. (The
    # label panel starts a few pixels left of the quarter, its masked pixels
    # in cyan at its edge.)
    assert coloured[40:520, :quarter - 12].mean() < 0.01
    for col in (1, 2, 3):
        assert coloured[40:520, col * quarter:(col + 1) * quarter].mean() > 0.2


@pytest.mark.slow
def test_config_without_threshold_needs_one(demo_runs, tmp_path):
    run = demo_runs['ai4mars_deeplabv3plus_demo']
    result = run_view([run['config'], run['checkpoint'], '--out',
                       str(tmp_path / 'x.png')])
    assert result.returncode != 0
    assert (f'{run["config"]}: no model.pseudo_label_threshold; give '
            '--threshold') in result.stderr
