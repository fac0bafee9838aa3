import os

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from mmengine.config import ConfigDict
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mars_mm  # noqa: F401
from mars_mm.models.utils import decode_with_features


@pytest.fixture(autouse=True)
def mmseg_scope():
    init_default_scope('mmseg')


NORM = dict(type='BN', requires_grad=True)
BACKBONE = dict(
    type='ResNetV1c',
    depth=18,
    stem_channels=8,
    base_channels=8,
    strides=(1, 2, 1, 1),
    dilations=(1, 1, 2, 4),
    norm_cfg=NORM)
# Narrow decode heads of 16 channels on the ResNet-18 above (output stride
# 8; stage channels 8, 16, 32, 64).
DECODE_HEADS = {
    'DepthwiseSeparableASPPHead':
    dict(
        type='DepthwiseSeparableASPPHead',
        in_channels=64,
        in_index=3,
        channels=16,
        dilations=(1, 2),
        c1_in_channels=8,
        c1_channels=4,
        dropout_ratio=0,
        num_classes=3,
        norm_cfg=NORM),
    'FCNHead':
    dict(
        type='FCNHead',
        in_channels=64,
        in_index=3,
        channels=16,
        num_convs=1,
        dropout_ratio=0,
        num_classes=3,
        norm_cfg=NORM),
    'SegformerHead':
    dict(
        type='SegformerHead',
        in_channels=[8, 16, 32, 64],
        in_index=[0, 1, 2, 3],
        channels=16,
        dropout_ratio=0,
        num_classes=3,
        norm_cfg=NORM),
}
# Side of the decode head's output map for a 32 x 32 input.
DECODE_SIZE = {
    'DepthwiseSeparableASPPHead': 8,
    'FCNHead': 4,
    'SegformerHead': 8
}
LIGHT_HEAD = dict(
    type='LightContrastHead',
    in_channels=16,
    channels=12,
    feat_dim=8,
    queue_len=4,
    num_classes=3,
    norm_cfg=NORM)


def model_cfg(decode='DepthwiseSeparableASPPHead', light=True, **kwargs):
    cfg = dict(
        type='PseudoLabelEncoderDecoder' if light else 'EncoderDecoder',
        backbone=BACKBONE,
        decode_head=DECODE_HEADS[decode],
        auxiliary_head=LIGHT_HEAD if light else None,
        train_cfg=dict(),
        test_cfg=ConfigDict(mode='whole'))
    cfg.update(kwargs)
    return cfg


def make_batch(seed=0, num=2):
    gen = torch.Generator().manual_seed(seed)
    inputs = torch.randn(num, 3, 32, 32, generator=gen)
    gt = torch.randint(0, 3, (num, 32, 32), generator=gen)
    gt[:, :8] = 255
    meta = dict(img_shape=(32, 32), ori_shape=(32, 32), pad_shape=(32, 32))
    samples = [
        SegDataSample(gt_sem_seg=PixelData(data=g[None]), metainfo=meta)
        for g in gt
    ]
    return inputs, gt, samples


@pytest.mark.parametrize('decode', sorted(DECODE_HEADS))
def test_embedding_shape_on_decode_features(decode):
    torch.manual_seed(0)
    model = MODELS.build(model_cfg(decode)).train()
    inputs, _, _ = make_batch()
    x = model.extract_feat(inputs)
    seg_logits, feats = decode_with_features(model.decode_head, x)
    size = DECODE_SIZE[decode]
    assert feats.shape == (2, 16, size, size)
    assert seg_logits.shape == (2, 3, size, size)
    # The captured features are the input of conv_seg (dropout 0).
    assert torch.allclose(model.decode_head.conv_seg(feats), seg_logits)
    emb = model.auxiliary_head(feats)
    assert emb.shape == (2, 8, size, size)
    # The head's cls_seg is its own again.
    assert 'cls_seg' not in vars(model.decode_head)


@pytest.mark.parametrize('decode', sorted(DECODE_HEADS))
def test_one_decode_forward_and_gradient_to_shared_features(decode):
    torch.manual_seed(0)
    model = MODELS.build(
        model_cfg(decode, seg_loss_weight=0., contrast_loss_weight=1.))
    model.train()
    calls = []
    original = model.decode_head.forward

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    model.decode_head.forward = counted
    inputs, _, samples = make_batch()
    losses = model.loss(inputs, samples)
    del model.decode_head.forward
    assert len(calls) == 1
    assert model.auxiliary_head.memory_bank.num_pushed.tolist() == [1, 1, 1]
    loss = losses['aux.loss_contrast']
    assert loss > 0
    (loss + losses['decode.loss_ce']).backward()
    # The contrastive loss alone (cross entropy weighted 0) trains the
    # decode head's layers below conv_seg and the backbone, not conv_seg.
    shared = [
        p for name, p in model.decode_head.named_parameters()
        if not name.startswith('conv_seg')
    ]
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in shared)
    assert model.backbone.stem[0].weight.grad.abs().sum() > 0
    assert model.decode_head.conv_seg.weight.grad.abs().sum() == 0
    assert model.auxiliary_head.proj.conv.weight.grad.abs().sum() > 0


def test_predictions_and_decode_loss_unchanged_by_the_head():
    torch.manual_seed(0)
    plain = MODELS.build(model_cfg(light=False))
    semi = MODELS.build(model_cfg())
    missing, unexpected = semi.load_state_dict(
        plain.state_dict(), strict=False)
    assert not unexpected
    assert all(k.startswith('auxiliary_head.') for k in missing)
    inputs, _, samples = make_batch()
    plain.train(), semi.train()
    loss_plain = plain.loss(inputs, samples)['decode.loss_ce']
    loss_semi = semi.loss(inputs, samples)['decode.loss_ce']
    assert torch.equal(loss_plain, loss_semi)
    plain.eval(), semi.eval()
    with torch.no_grad():
        pred_plain = plain.predict(inputs, make_batch()[2])
        pred_semi = semi.predict(inputs, make_batch()[2])
    for a, b in zip(pred_plain, pred_semi):
        assert torch.equal(a.seg_logits.data, b.seg_logits.data)
        assert torch.equal(a.pred_sem_seg.data, b.pred_sem_seg.data)


def test_backbone_features_and_wrong_width_are_refused():
    torch.manual_seed(0)
    stock = MODELS.build(
        dict(model_cfg(light=False), auxiliary_head=LIGHT_HEAD)).train()
    inputs, _, samples = make_batch()
    with pytest.raises(TypeError, match='fused features'):
        stock.loss(inputs, samples)
    with pytest.raises(ValueError, match='in_channels must be 16'):
        MODELS.build(
            model_cfg(auxiliary_head=dict(LIGHT_HEAD, in_channels=32)))


def _step_on_rank(rank: int, init_file: str, out_dir: str) -> None:
    dist.init_process_group(
        'gloo', init_method=f'file://{init_file}', rank=rank, world_size=2)
    torch.manual_seed(0)
    model = MODELS.build(model_cfg()).train()
    # Each rank its own images; rank 1 has no class 2.
    inputs, gt, samples = make_batch(seed=rank)
    if rank == 1:
        for sample in samples:
            data = sample.gt_sem_seg.data
            data[data == 2] = 255
    x = model.extract_feat(inputs)
    _, feats = decode_with_features(model.decode_head, x)
    emb = model.auxiliary_head(feats)
    model.auxiliary_head.loss_by_feat(emb, samples)
    labels = torch.stack([s.gt_sem_seg.data for s in samples]).float()
    labels = F.interpolate(labels, size=emb.shape[2:], mode='nearest')
    torch.save(
        dict(
            model.auxiliary_head.memory_bank.state_dict(),
            emb=emb.detach(),
            labels=labels.long()), os.path.join(out_dir, f'{rank}.pth'))
    dist.destroy_process_group()


@pytest.mark.slow
def test_bank_identical_across_two_gloo_ranks(tmp_path):
    mp.start_processes(
        _step_on_rank,
        args=(str(tmp_path / 'init'), str(tmp_path)),
        nprocs=2,
        join=True,
        start_method='spawn')
    out = [torch.load(tmp_path / f'{r}.pth') for r in range(2)]
    assert torch.equal(out[0]['queue'], out[1]['queue'])
    assert torch.equal(out[0]['num_pushed'], out[1]['num_pushed'])
    assert out[0]['num_pushed'].tolist() == [1, 1, 1]
    # Each class's entry is the mean over both ranks' elements.
    feats = torch.cat([o['emb'].permute(0, 2, 3, 1).reshape(-1, 8)
                       for o in out])
    labels = torch.cat([o['labels'].flatten() for o in out])
    for c in range(3):
        assert torch.allclose(
            out[0]['queue'][c, 0], feats[labels == c].mean(0), atol=1e-6)
