"""tools/deployment/export_onnx.py on the demo configs, random weights."""
import importlib.util
import os.path as osp

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch
from random_weights import random_checkpoint

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def load_tool():
    spec = importlib.util.spec_from_file_location(
        'export_onnx', osp.join(REPO_ROOT, 'tools', 'deployment',
                                'export_onnx.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize('config, training_only', [
    ('configs/demo/msl_semi_demo.py', 'projector'),
    ('configs/demo/ai4mars_semi_demo.py', 'auxiliary_head'),
])
def test_export_matches_pytorch_without_training_heads(
        tmp_path, capsys, config, training_only):
    tool = load_tool()
    checkpoint = str(tmp_path / 'random.pth')
    model = random_checkpoint(config, checkpoint)
    out = str(tmp_path / 'model.onnx')
    diff = tool.main([config, checkpoint, '--out', out])
    printed = capsys.readouterr().out
    assert 'max abs diff' in printed and diff <= 1e-4

    graph = onnx.load(out).graph
    names = [i.name for i in graph.initializer]
    assert names and not any(training_only in n for n in names)
    assert not any('bank' in n or 'queue' in n for n in names)

    # The ONNX model against the model's own inference path (not only the
    # export wrapper), on a batch of 3 (the batch axis is dynamic).
    image = torch.rand(3, 3, 64, 64, generator=torch.Generator().manual_seed(
        1)) * 255
    session = ort.InferenceSession(out, providers=['CPUExecutionProvider'])
    outputs = session.run(None, {'image': image.numpy()})
    data = model.data_preprocessor(dict(inputs=list(image)), False)
    with torch.no_grad():
        if 'msl' in config:
            samples = model(data['inputs'], mode='predict')
            expected = torch.stack([s.pred_score for s in samples]).numpy()
            assert outputs[1].shape == (3, 24)
            assert np.abs(outputs[1] - expected).max() < 1e-5
            assert np.array_equal(outputs[1].argmax(1),
                                  expected.argmax(1))
        else:
            metas = [dict(img_shape=(64, 64))] * 3
            expected = model.encode_decode(data['inputs'], metas).numpy()
            assert outputs[0].shape == (3, 4, 64, 64)
            assert np.abs(outputs[0] - expected).max() < 1e-4


def test_tolerance_exceeded_is_an_error(tmp_path):
    tool = load_tool()
    config = 'configs/demo/msl_resnet18_demo.py'
    checkpoint = str(tmp_path / 'random.pth')
    random_checkpoint(config, checkpoint)
    with pytest.raises(SystemExit, match='exceeds --atol'):
        tool.main([config, checkpoint, '--out', str(tmp_path / 'm.onnx'),
                   '--atol', '-1'])
