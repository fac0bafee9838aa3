"""Export a trained classifier or segmentor to ONNX and check it.

    python tools/deployment/export_onnx.py CONFIG CHECKPOINT --out model.onnx
        [--shape H W] [--batch-size N] [--opset 18] [--atol 1e-4]

The config's ``default_scope`` picks the task. What is exported is the
inference path only:

- classification (mmpretrain ``ImageClassifier`` or our
  ``SemiSupervisedClassifier``): backbone, neck and classification head;
  the output ``scores`` (N, num_classes) is the softmax of the logits, as
  mmpretrain's predictions. The contrastive projectors and predictors are
  training-only and left out. ``logits`` (before the softmax) is a second
  output.
- segmentation (mmseg ``EncoderDecoder`` or our
  ``PseudoLabelEncoderDecoder``): backbone and decode head, logits resized
  to the input size as mmseg's ``encode_decode`` does; output
  ``seg_logits`` (N, num_classes, H, W), argmax over classes = the label
  map. Auxiliary heads, the contrastive head and its memory bank are left
  out.

Input ``image``: float32 (N, 3, H, W), pixel values 0..255 in the channel
order mmcv's loaders give (BGR); the data preprocessor's channel swap and
mean/std normalisation are inside the graph, so an image read with
``cv2.imread`` goes in as it is (transposed to CHW). The batch size is a
dynamic axis. The exported model is then run with onnxruntime on a random
input of the exported size and compared with the PyTorch model on the same
input: the maximum absolute difference is printed, and the tool fails when
it exceeds ``--atol`` (default 1e-4: float32 rounding of a ResNet-sized
network is ~1e-6 to 1e-5).
"""
import argparse
import os
import os.path as osp
import sys
from typing import Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config
from torch import nn

import mars_mm  # noqa: F401  (registers components, the mmseg:: alias)


class _Preprocess(nn.Module):
    """The data preprocessor's channel swap and normalisation."""

    def __init__(self, data_preprocessor: nn.Module) -> None:
        super().__init__()
        # mmpretrain: to_rgb; mmseg and mmengine: _channel_conversion.
        self.swap = bool(
            getattr(data_preprocessor, 'to_rgb', False)
            or getattr(data_preprocessor, '_channel_conversion', False))
        normalize = getattr(data_preprocessor, '_enable_normalize', False)
        mean = data_preprocessor.mean if normalize else torch.zeros(3, 1, 1)
        std = data_preprocessor.std if normalize else torch.ones(3, 1, 1)
        self.register_buffer('mean', mean.detach().float().view(1, -1, 1, 1))
        self.register_buffer('std', std.detach().float().view(1, -1, 1, 1))

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        if self.swap:
            image = image.flip(1)
        return (image - self.mean) / self.std


class ClassifierForExport(nn.Module):
    """Image -> class scores of an mmpretrain classifier."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.preprocess = _Preprocess(model.data_preprocessor)
        self.model = model

    def forward(self,
                image: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        feats = self.model.extract_feat(self.preprocess(image))
        logits = self.model.head(feats)
        return logits, F.softmax(logits, dim=1)


class SegmentorForExport(nn.Module):
    """Image -> per-pixel class logits of an mmseg encoder-decoder."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.preprocess = _Preprocess(model.data_preprocessor)
        self.model = model

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        feats = self.model.extract_feat(self.preprocess(image))
        logits = self.model.decode_head.forward(feats)
        return F.interpolate(
            logits,
            size=image.shape[2:],
            mode='bilinear',
            align_corners=self.model.decode_head.align_corners)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Export to ONNX')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', required=True, help='the .onnx file')
    parser.add_argument(
        '--shape', type=int, nargs=2, metavar=('H', 'W'),
        help="input size; default: the config's crop size (segmentation) "
        "or the test pipeline's crop (classification), else 224")
    parser.add_argument(
        '--batch-size', type=int, default=2,
        help='batch of the traced input (the exported batch axis is '
        'dynamic; 2 keeps the tracer from fixing it to 1)')
    parser.add_argument('--opset', type=int, default=18)
    parser.add_argument(
        '--atol', type=float, default=1e-4,
        help='largest accepted |onnxruntime - PyTorch| (default 1e-4)')
    return parser.parse_args(argv)


def default_shape(cfg: Config) -> Tuple[int, int]:
    """The input size the config trains or tests on."""
    size = cfg.model.get('data_preprocessor', {}).get('size')
    if size:
        return tuple(size)
    pipeline = cfg.get('test_pipeline') or []
    for step in pipeline:
        crop = step.get('crop_size')
        if crop:
            return (crop, crop) if isinstance(crop, int) else tuple(crop)
    return (224, 224)


def build_for_export(config: str, checkpoint: str) -> Tuple[nn.Module, str]:
    """The model for export and its task ('classification' or
    'segmentation'), weights loaded, in eval mode on the CPU."""
    scope = Config.fromfile(config).get('default_scope')
    if scope == 'mmpretrain':
        from mmpretrain.apis import init_model
        model = init_model(config, checkpoint, device='cpu')
        wrapper, task = ClassifierForExport(model), 'classification'
    elif scope == 'mmseg':
        from mmseg.apis import init_model
        model = init_model(config, checkpoint, device='cpu')
        wrapper, task = SegmentorForExport(model), 'segmentation'
    else:
        raise SystemExit(f'{config}: default_scope {scope!r} is neither '
                         'mmpretrain nor mmseg')
    return wrapper.eval(), task


def export(wrapper: nn.Module, task: str, out: str,
           image: torch.Tensor, opset: int) -> None:
    outputs = (['logits', 'scores']
               if task == 'classification' else ['seg_logits'])
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with torch.no_grad():
        program = torch.onnx.export(
            wrapper, (image, ),
            input_names=['image'],
            output_names=outputs,
            opset_version=opset,
            dynamic_shapes=({0: torch.export.Dim('batch', min=1)}, ),
            dynamo=True)
    program.save(out)


def max_abs_diff(wrapper: nn.Module, out: str, image: torch.Tensor) -> float:
    """|onnxruntime - PyTorch| at most over all outputs, on ``image`` and
    on its first image alone (the batch axis is dynamic)."""
    import onnxruntime as ort
    session = ort.InferenceSession(out, providers=['CPUExecutionProvider'])
    diff = 0.0
    for batch in (image, image[:1]):
        onnx_outs = session.run(None, {'image': batch.numpy()})
        with torch.no_grad():
            torch_outs = wrapper(batch)
        if isinstance(torch_outs, torch.Tensor):
            torch_outs = (torch_outs, )
        for onnx_out, torch_out in zip(onnx_outs, torch_outs):
            torch_out = torch_out.numpy()
            if onnx_out.shape != torch_out.shape:
                raise SystemExit(f'{out}: onnxruntime output '
                                 f'{onnx_out.shape} != PyTorch '
                                 f'{torch_out.shape}')
            diff = max(diff, float(np.abs(onnx_out - torch_out).max()))
    return diff


def main(argv=None) -> float:
    args = parse_args(argv)
    wrapper, task = build_for_export(args.config, args.checkpoint)
    h, w = args.shape or default_shape(Config.fromfile(args.config))
    generator = torch.Generator().manual_seed(0)
    image = torch.rand(args.batch_size, 3, h, w, generator=generator) * 255
    export(wrapper, task, args.out, image, args.opset)
    diff = max_abs_diff(wrapper, args.out, image)
    print(f'{task} model exported to {args.out} (input image '
          f'{args.batch_size}x3x{h}x{w}); onnxruntime vs PyTorch max abs '
          f'diff {diff:.3g} (tolerance {args.atol:g})')
    if not diff <= args.atol:
        sys.exit(f'{args.out}: max abs diff {diff:.3g} exceeds --atol '
                 f'{args.atol:g}')
    return diff


if __name__ == '__main__':
    main()
