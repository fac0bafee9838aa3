import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import ConfigDict
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from torch.utils.data import DataLoader

import mars_mm  # noqa: F401


@pytest.fixture(autouse=True)
def mmseg_scope():
    """Build in the mmseg scope, whatever scope an earlier test's Runner
    left current."""
    init_default_scope('mmseg')


NORM = dict(type='BN', requires_grad=True)
# A narrow DeepLabV3+ at output stride 8; its low-level (c1) features, and
# so both heads' outputs, are at 1/4 of the input.
ASPP = dict(
    in_channels=64,
    in_index=3,
    channels=16,
    dilations=(1, 2),
    c1_in_channels=8,
    c1_channels=4,
    dropout_ratio=0,
    num_classes=3,
    norm_cfg=NORM)
CONTRAST_HEAD = dict(
    type='MemoryBankContrastHead',
    feat_dim=8,
    queue_len=4,
    loss_decode=dict(type='MemoryBankContrastLoss', temperature=0.07),
    **ASPP)


def stock_model_cfg(auxiliary_head=None) -> dict:
    return dict(
        type='EncoderDecoder',
        backbone=dict(
            type='ResNetV1c',
            depth=18,
            stem_channels=8,
            base_channels=8,
            strides=(1, 2, 1, 1),
            dilations=(1, 1, 2, 4),
            norm_cfg=NORM),
        decode_head=dict(type='DepthwiseSeparableASPPHead', **ASPP),
        auxiliary_head=auxiliary_head,
        train_cfg=dict(),
        test_cfg=ConfigDict(mode='whole'))


def make_batch(seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    inputs = torch.randn(2, 3, 32, 32, generator=gen)
    gt = torch.randint(0, 3, (2, 32, 32), generator=gen)
    gt[:, :8] = 255  # unlabelled band
    meta = dict(img_shape=(32, 32), ori_shape=(32, 32), pad_shape=(32, 32))
    samples = [
        SegDataSample(gt_sem_seg=PixelData(data=g[None]), metainfo=meta)
        for g in gt
    ]
    return inputs, gt, samples


def test_loss_updates_bank_then_contrasts_as_eq7():
    torch.manual_seed(0)
    model = MODELS.build(stock_model_cfg(CONTRAST_HEAD))
    model.train()
    inputs, gt, samples = make_batch()
    losses = model.loss(inputs, samples)
    assert set(losses) == {
        'decode.loss_ce', 'decode.acc_seg', 'aux.loss_contrast'
    }

    # Independent computation: the 8x8 embedding, labels subsampled every
    # 4th pixel (nearest), one bank entry per class = its mean embedding.
    with torch.no_grad():
        emb = model.auxiliary_head(model.extract_feat(inputs))
    assert emb.shape == (2, 8, 8, 8)
    feats = emb.permute(0, 2, 3, 1).reshape(-1, 8)
    labels = gt[:, ::4, ::4].reshape(-1)
    bank = model.auxiliary_head.memory_bank
    assert bank.num_pushed.tolist() == [1, 1, 1]
    means = torch.stack([feats[labels == c].mean(0) for c in range(3)])
    assert torch.allclose(bank.queue[:, 0], means, atol=1e-5)

    keep = labels != 255
    sims = F.cosine_similarity(
        feats[keep, None, :], means[None, :, :], dim=2) / 0.07
    expected = (sims.logsumexp(1) - sims[torch.arange(int(keep.sum())),
                                         labels[keep]]).mean()
    assert losses['aux.loss_contrast'].item() == pytest.approx(
        expected.item(), rel=1e-4)


def test_contrast_loss_trains_shared_backbone_only_through_aux_head():
    model = MODELS.build(stock_model_cfg(CONTRAST_HEAD))
    inputs, _, samples = make_batch()
    model.loss(inputs, samples)['aux.loss_contrast'].backward()
    assert model.backbone.stem[0].weight.grad.abs().sum() > 0
    assert model.auxiliary_head.conv_seg.weight.grad.abs().sum() > 0
    assert model.decode_head.conv_seg.weight.grad is None
    assert not model.auxiliary_head.memory_bank.queue.requires_grad


def test_predict_is_that_of_the_model_without_the_head():
    model = MODELS.build(stock_model_cfg(CONTRAST_HEAD))
    inputs, _, samples = make_batch()
    model.loss(inputs, samples)  # fill the bank: must not matter
    plain = MODELS.build(stock_model_cfg())
    missing, unexpected = plain.load_state_dict(
        model.state_dict(), strict=False)
    assert not missing and all(k.startswith('auxiliary_head.')
                               for k in unexpected)
    model.eval()
    plain.eval()
    with torch.no_grad():
        ours = model.predict(inputs, copy.deepcopy(samples))
        theirs = plain.predict(inputs, copy.deepcopy(samples))
    for a, b in zip(ours, theirs):
        assert torch.equal(a.seg_logits.data, b.seg_logits.data)
        assert a.seg_logits.data.shape[0] == 3  # class logits, not features


def test_one_of_several_auxiliary_heads():
    fcn = dict(
        type='FCNHead',
        in_channels=32,
        in_index=2,
        channels=8,
        num_convs=1,
        num_classes=3,
        norm_cfg=NORM)
    model = MODELS.build(stock_model_cfg([fcn, CONTRAST_HEAD]))
    inputs, _, samples = make_batch()
    losses = model.loss(inputs, samples)
    assert {'aux_0.loss_ce', 'aux_1.loss_contrast'} <= set(losses)
    assert model.auxiliary_head[1].memory_bank.num_pushed.tolist() == [1] * 3


def test_all_unlabeled_batch_leaves_bank_untouched():
    model = MODELS.build(stock_model_cfg(CONTRAST_HEAD))
    inputs, _, samples = make_batch()
    for sample in samples:
        sample.gt_sem_seg.data[:] = 255
    loss = model.loss(inputs, samples)['aux.loss_contrast']
    assert loss.item() == 0
    assert model.auxiliary_head.memory_bank.num_pushed.tolist() == [0] * 3


def test_list_of_losses_is_rejected():
    cfg = dict(
        CONTRAST_HEAD, loss_decode=[dict(type='MemoryBankContrastLoss')])
    with pytest.raises(TypeError, match='one loss config'):
        MODELS.build(cfg)


def test_bank_restored_from_checkpoint_equals_saved(tmp_path):
    inputs, _, samples = make_batch()
    data = [
        dict(inputs=(img * 40 + 128).clamp(0, 255).byte(), data_samples=s)
        for img, s in zip(inputs, samples)
    ]

    def runner(resume):
        model = stock_model_cfg(CONTRAST_HEAD)
        model['data_preprocessor'] = dict(
            type='SegDataPreProcessor',
            mean=[128.] * 3,
            std=[40.] * 3,
            size=(32, 32))
        return Runner(
            model=model,
            work_dir=str(tmp_path),
            train_dataloader=DataLoader(
                data, batch_size=2, collate_fn=pseudo_collate),
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
            train_cfg=dict(by_epoch=False, max_iters=2),
            default_hooks=dict(
                checkpoint=dict(type='CheckpointHook', interval=2,
                                by_epoch=False)),
            default_scope='mmseg',
            resume=resume,
            # Unique across tests: mmengine reuses the logger of a
            # same-named experiment started within the same second.
            experiment_name=f'{tmp_path.name}_resume_{resume}')

    trained = runner(resume=False)
    trained.train()
    saved = trained.model.auxiliary_head.memory_bank
    assert saved.num_pushed.tolist() == [2, 2, 2]
    restored = runner(resume=True)
    restored.train()  # loads iter_2.pth; nothing left to train
    bank = restored.model.auxiliary_head.memory_bank
    assert torch.equal(bank.num_pushed, saved.num_pushed)
    assert torch.equal(bank.queue, saved.queue)
    assert bank.queue.abs().sum() > 0
