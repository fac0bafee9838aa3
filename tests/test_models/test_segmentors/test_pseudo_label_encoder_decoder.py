import copy

import cv2
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmcv.transforms import Compose
from mmengine.config import ConfigDict
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mars_mm.datasets  # noqa: F401 (registers the transforms)
from mars_mm.models.segmentors import PseudoLabelEncoderDecoder
from mars_mm.models.utils import decode_with_features, logit_parts

NORM = dict(type='BN', requires_grad=True)
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


def model_cfg(**kwargs) -> dict:
    cfg = dict(
        type='PseudoLabelEncoderDecoder',
        backbone=dict(
            type='ResNetV1c',
            depth=18,
            stem_channels=8,
            base_channels=8,
            strides=(1, 2, 1, 1),
            dilations=(1, 1, 2, 4),
            norm_cfg=NORM),
        decode_head=dict(type='DepthwiseSeparableASPPHead', **ASPP),
        auxiliary_head=dict(
            type='MemoryBankContrastHead', feat_dim=8, queue_len=4, **ASPP),
        train_cfg=dict(),
        test_cfg=ConfigDict(mode='whole'))
    cfg.update(kwargs)
    return cfg


def make_batch(img_shapes=((32, 32), (32, 32))):
    gen = torch.Generator().manual_seed(0)
    inputs = torch.randn(2, 3, 32, 32, generator=gen)
    gt = torch.randint(0, 3, (2, 32, 32), generator=gen)
    gt[:, :12] = 255
    samples = [
        SegDataSample(
            gt_sem_seg=PixelData(data=g[None].clone()),
            metainfo=dict(
                img_shape=shape, ori_shape=(32, 32), pad_shape=(32, 32)))
        for g, shape in zip(gt, img_shapes)
    ]
    return inputs, gt, samples


def samples_of(gt: torch.Tensor) -> list:
    """One 32 x 32 sample per label map of ``gt`` (N, 32, 32)."""
    return [
        SegDataSample(
            gt_sem_seg=PixelData(data=g[None].clone()),
            metainfo=dict(
                img_shape=(32, 32), ori_shape=(32, 32), pad_shape=(32, 32)))
        for g in gt
    ]


def test_merge_is_exact_at_threshold_edge():
    # One image, 3 classes, 5 pixels (a 1x5 map).
    logits = torch.tensor([[4., 0., 0.], [0., 0., 3.], [0., 1., 0.],
                           [0., 0., 0.], [0., 5., 0.]]).t()[None, :, None]
    gt = torch.tensor([[[1, 255, 255, 255, 255]]])
    probs = logits.softmax(dim=1)
    threshold = probs[0, 2, 0, 1].item()  # pixel 1 sits exactly on it
    merged = PseudoLabelEncoderDecoder.merge_pseudo_labels(
        logits, gt, threshold)
    # 0: labelled, kept although class 0 is confident; 1: >= threshold;
    # 2 and 3: below; 4: above.
    assert merged.tolist() == [[[1, 2, 255, 255, 1]]]
    assert merged.dtype == gt.dtype
    assert gt.tolist() == [[[1, 255, 255, 255, 255]]]  # input untouched
    mask = torch.tensor([[[True, True, True, True, False]]])
    merged = PseudoLabelEncoderDecoder.merge_pseudo_labels(
        logits, gt, threshold, mask=mask)
    assert merged.tolist() == [[[1, 2, 255, 255, 255]]]


def test_class_portion_lowers_the_threshold_of_an_unsure_class():
    # 2 classes, a 1x7 map: pixel 0 labelled; class 0 is predicted on
    # pixels 1-4 with p = 0.9, 0.6, 0.55, 0.52, class 1 on 5-6 with 0.95,
    # 0.99 (the softmax of [log p, log(1 - p)] gives p back).
    p_top = torch.tensor([0.7, 0.9, 0.6, 0.55, 0.52, 0.95, 0.99])
    top_class = torch.tensor([0, 0, 0, 0, 0, 1, 1])
    p_class0 = torch.where(top_class == 0, p_top, 1 - p_top)
    logits = torch.stack([p_class0.log(), (1 - p_class0).log()])[None, :,
                                                                  None]
    gt = torch.tensor([[[1, 255, 255, 255, 255, 255, 255]]])
    merge = PseudoLabelEncoderDecoder.merge_pseudo_labels
    assert merge(logits, gt, 0.8).tolist() == [[[1, 0, 255, 255, 255, 1, 1]]]
    # Portion 0.5: class 0's threshold is the median of 0.9, 0.6, 0.55,
    # 0.52 (torch.quantile: 0.575), so 0.9 and 0.6 pass; class 1's median
    # (0.97) is above 0.8, which stays its threshold.
    merged = merge(logits, gt, 0.8, class_portion=0.5)
    assert merged.tolist() == [[[1, 0, 0, 255, 255, 1, 1]]]
    # Only candidates count: masking pixel 1 leaves 0.6, 0.55, 0.52
    # (median 0.55).
    mask = torch.tensor([[[True, False, True, True, True, True, True]]])
    merged = merge(logits, gt, 0.8, mask=mask, class_portion=0.5)
    assert merged.tolist() == [[[1, 255, 0, 0, 255, 1, 1]]]
    # Portion 1: every candidate takes its predicted class.
    merged = merge(logits, gt, 0.8, class_portion=1.0)
    assert merged.tolist() == [[[1, 0, 0, 0, 0, 1, 1]]]


def test_class_portion_reaches_the_contrast_head_and_is_checked():
    model = MODELS.build(
        model_cfg(pseudo_label_threshold=1.0, pseudo_label_class_portion=1.0))
    model.set_pseudo_labels(True)
    inputs, gt, samples = make_batch()
    model.loss(inputs, samples)
    # Threshold 1 alone takes (almost) nothing; portion 1 takes every
    # unlabelled pixel of the image region.
    num_unlabeled, num_pseudo = model.pop_pseudo_label_stats()
    assert num_unlabeled > 0
    assert num_pseudo.sum() == num_unlabeled
    with pytest.raises(ValueError, match='pseudo_label_class_portion'):
        MODELS.build(model_cfg(pseudo_label_class_portion=0.0))


def test_merge_rejects_mismatched_sizes():
    with pytest.raises(ValueError, match='share batch and size'):
        PseudoLabelEncoderDecoder.merge_pseudo_labels(
            torch.zeros(1, 3, 4, 4), torch.zeros(1, 8, 8), 0.9)


def test_pseudo_labels_reach_contrast_head_only():
    torch.manual_seed(0)
    model = MODELS.build(model_cfg(pseudo_label_threshold=0.34))
    model.train()
    model.set_pseudo_labels(True)
    inputs, gt, samples = make_batch()
    losses = model.loss(inputs, samples)

    with torch.no_grad():
        x = model.extract_feat(inputs)
        logits = F.interpolate(
            model.decode_head(x), size=(32, 32), mode='bilinear')
        emb = model.auxiliary_head(x)
    # Cross-entropy stream: the ground truth, pseudo labels or not (mmseg's
    # default averages over all pixels, ignored ones counting as 0).
    expected_ce = F.cross_entropy(
        logits, gt, ignore_index=255, reduction='none').mean()
    assert losses['decode.loss_ce'].item() == pytest.approx(
        expected_ce.item(), rel=1e-5)
    for sample, g in zip(samples, gt):
        assert torch.equal(sample.gt_sem_seg.data[0], g)
    # Contrast stream: unlabelled pixels took the argmax where p >= 0.34.
    conf, pred = logits.softmax(1).max(1)
    merged = torch.where((gt == 255) & (conf >= 0.34), pred, gt)
    assert (merged[gt == 255] != 255).any()
    labels = merged[:, ::4, ::4].reshape(-1)
    feats = emb.permute(0, 2, 3, 1).reshape(-1, 8)
    bank = model.auxiliary_head.memory_bank
    for c in range(3):
        assert torch.allclose(
            bank.queue[c, 0], feats[labels == c].mean(0), atol=1e-5)

    num_unlabeled, num_pseudo = model.pop_pseudo_label_stats()
    assert num_unlabeled.item() == (gt == 255).sum().item()
    taken = merged[(gt == 255) & (merged != 255)]
    assert num_pseudo.tolist() == torch.bincount(taken, minlength=3).tolist()
    assert model.pop_pseudo_label_stats()[0].item() == 0  # reset


def test_padding_never_takes_pseudo_labels():
    model = MODELS.build(model_cfg(pseudo_label_threshold=1e-6))
    model.set_pseudo_labels(True)
    inputs, gt, samples = make_batch(img_shapes=((32, 32), (20, 24)))
    model.loss(inputs, samples)
    num_unlabeled, num_pseudo = model.pop_pseudo_label_stats()
    # Rows 0-11 unlabelled: 12x32 in image 0, 12x24 inside image 1.
    assert num_unlabeled.item() == 12 * 32 + 12 * 24
    assert num_pseudo.sum().item() == 12 * 32 + 12 * 24


def test_without_pseudo_labels_contrast_sees_ground_truth():
    model = MODELS.build(model_cfg(pseudo_label_threshold=1e-6))
    inputs, gt, samples = make_batch()
    model.loss(inputs, samples)
    with torch.no_grad():
        emb = model.auxiliary_head(model.extract_feat(inputs))
    labels = gt[:, ::4, ::4].reshape(-1)
    feats = emb.permute(0, 2, 3, 1).reshape(-1, 8)
    bank = model.auxiliary_head.memory_bank
    assert torch.allclose(
        bank.queue[1, 0], feats[labels == 1].mean(0), atol=1e-5)
    assert model.pop_pseudo_label_stats()[0].item() == 0


def test_stream_weights_scale_losses_not_accuracy():
    inputs, _, samples = make_batch()
    torch.manual_seed(0)
    model = MODELS.build(model_cfg())
    ref = model.loss(inputs, copy.deepcopy(samples))
    torch.manual_seed(0)
    model = MODELS.build(model_cfg())
    model.set_loss_weights(0., 0.25)
    out = model.loss(inputs, copy.deepcopy(samples))
    assert out['decode.loss_ce'].item() == 0
    assert out['decode.loss_ce'].requires_grad  # still in the graph (DDP)
    assert out['decode.acc_seg'].item() == ref['decode.acc_seg'].item()
    assert out['aux.loss_contrast'].item() == pytest.approx(
        0.25 * ref['aux.loss_contrast'].item(), rel=1e-5)
    with pytest.raises(ValueError, match='seg_loss_weight'):
        model.set_loss_weights(-1., 1.)


def test_predict_is_encoder_decoder_predict():
    model = MODELS.build(model_cfg())
    model.set_pseudo_labels(True)
    cfg = model_cfg(type='EncoderDecoder', auxiliary_head=None)
    plain = MODELS.build(cfg)
    plain.load_state_dict(model.state_dict(), strict=False)
    model.eval()
    plain.eval()
    inputs, _, samples = make_batch()
    with torch.no_grad():
        ours = model.predict(inputs, copy.deepcopy(samples))
        theirs = plain.predict(inputs, copy.deepcopy(samples))
    for a, b in zip(ours, theirs):
        assert torch.equal(a.seg_logits.data, b.seg_logits.data)


def test_bad_configs_are_rejected():
    with pytest.raises(ValueError, match='MemoryBankContrastHead'):
        MODELS.build(model_cfg(auxiliary_head=None))
    with pytest.raises(ValueError, match='threshold'):
        MODELS.build(model_cfg(pseudo_label_threshold=1.5))


def test_pseudo_seg_loss_trains_the_decode_head_on_pseudo_labels_only():
    torch.manual_seed(0)
    model = MODELS.build(
        model_cfg(pseudo_label_threshold=1e-6, pseudo_seg_loss_weight=0.5))
    inputs, gt, samples = make_batch()
    assert 'decode_pseudo.loss_ce' not in model.loss(
        inputs, copy.deepcopy(samples))
    model.set_pseudo_labels(True)
    out = model.loss(inputs, copy.deepcopy(samples))
    with torch.no_grad():
        logits = F.interpolate(
            model.decode_head(model.extract_feat(inputs)),
            size=(32, 32),
            mode='bilinear',
            align_corners=False)
    # Every unlabelled pixel takes its prediction; labelled ones are left
    # to the ground-truth loss, which is unchanged.
    pseudo = torch.where(gt == 255, logits.argmax(1), torch.full_like(gt, 255))
    expected = F.cross_entropy(
        logits, pseudo, ignore_index=255, reduction='sum') / gt.numel()
    assert out['decode_pseudo.loss_ce'].item() == pytest.approx(
        0.5 * expected.item(), rel=1e-4)
    truth = F.cross_entropy(
        logits, gt, ignore_index=255, reduction='sum') / gt.numel()
    assert out['decode.loss_ce'].item() == pytest.approx(
        truth.item(), rel=1e-4)
    with pytest.raises(ValueError, match='pseudo_seg_loss_weight'):
        MODELS.build(model_cfg(pseudo_seg_loss_weight=-1.))


def test_masked_pixels_never_take_pseudo_labels_nor_enter_the_bank(
        tmp_path):
    # One AI4Mars sample on disk: bedrock everywhere in the label PNG except
    # unlabelled rows 0-7; the rover mask covers rows 24-31 and the range
    # mask columns 0-3 (terrain in the PNG, but not terrain labels).
    label = np.ones((32, 32), np.uint8)
    label[:8] = 255
    rover = np.zeros((32, 32), np.uint8)
    rover[24:] = 1
    rng = np.zeros((32, 32), np.uint8)
    rng[:, :4] = 1
    image = np.random.default_rng(0).integers(0, 255, (32, 32), np.uint8)
    paths = {}
    for name, array, ext in (('img', image, 'JPG'), ('seg', label, 'png'),
                             ('rover', rover, 'png'), ('rng', rng, 'png')):
        paths[name] = str(tmp_path / f'{name}.{ext}')
        cv2.imwrite(paths[name], array)
    # In mmseg's scope, as the configs build it (whatever scope an earlier
    # test left as the default).
    with DefaultScope.overwrite_default_scope('mmseg'):
        pipeline = Compose([
            dict(type='LoadCheckedImageFromFile'),
            dict(type='LoadAI4MarsAnnotations'),
            dict(type='RandomFlip', prob=1.0, direction='vertical'),
            dict(type='PackAI4MarsInputs'),
        ])
    packed = [
        pipeline(
            dict(
                img_path=paths['img'],
                seg_map_path=paths['seg'],
                rover_mask_path=paths['rover'],
                range_mask_path=paths['rng'],
                reduce_zero_label=False,
                seg_fields=[])) for _ in range(2)
    ]
    samples = [p['data_samples'] for p in packed]
    # The flip moved the valid map with the labels: rover rows are now 0-7.
    valid = samples[0].gt_valid_mask.data[0]
    assert valid.dtype == torch.bool and valid.shape == (32, 32)
    masked = torch.zeros(32, 32, dtype=torch.bool)
    masked[:8] = True
    masked[:, :4] = True
    assert torch.equal(~valid, masked)
    gt = samples[0].gt_sem_seg.data[0]
    assert (gt[masked] == 255).all() and (gt[24:, 4:] == 255).all()

    torch.manual_seed(0)
    model = MODELS.build(model_cfg(pseudo_label_threshold=1e-6))
    model.set_pseudo_labels(True)
    inputs = torch.stack([p['inputs'] for p in packed]).float()
    x = model.extract_feat(inputs)
    logits = model.decode_head(x)
    merged = model._pseudo_labelled_samples(logits, samples)
    for sample in merged:
        labels = sample.gt_sem_seg.data[0]
        # Masked pixels stay ignored; unlabelled terrain takes a label.
        assert (labels[masked] == 255).all()
        assert (labels[~masked] != 255).all()
    num_unlabeled, _ = model.pop_pseudo_label_stats()
    assert num_unlabeled.item() == 2 * 8 * 28

    # The bank receives the class means of unmasked elements only.
    model.loss(inputs, samples)
    with torch.no_grad():
        emb = model.auxiliary_head(model.extract_feat(inputs))
    labels = torch.stack([s.gt_sem_seg.data[0] for s in merged])[:, ::4, ::4]
    assert (labels[:, masked[::4, ::4]] == 255).all()
    feats = emb.permute(0, 2, 3, 1).reshape(-1, 8)
    labels = labels.reshape(-1)
    bank = model.auxiliary_head.memory_bank
    for c in labels[labels != 255].unique().tolist():
        assert torch.allclose(
            bank.queue[c, 0], feats[labels == c].mean(0), atol=1e-5)


def self_training_model(pseudo_label_mix: str) -> PseudoLabelEncoderDecoder:
    """A model whose every unlabelled pixel takes a pseudo label, trained on
    them with weight 0.5 on the view ``pseudo_label_mix`` names."""
    torch.manual_seed(0)
    model = MODELS.build(
        model_cfg(
            pseudo_label_threshold=1e-6,
            pseudo_seg_loss_weight=0.5,
            pseudo_label_mix=pseudo_label_mix))
    model.set_pseudo_labels(True)
    return model

def test_cutmix_pseudo_view_trains_on_mixed_images_and_mixed_targets(
        monkeypatch):
    model = self_training_model('cutmix')
    inputs, gt, samples = make_batch()
    # Image 0 takes its left half from itself, the rest from image 1.
    box = torch.zeros(2, 32, 32)
    box[:, :, :16] = 1
    monkeypatch.setattr(
        'mars_mm.models.segmentors.pseudo_label_encoder_decoder.box_mask',
        lambda batch, height, width: box[:batch])
    out = model.loss(inputs, copy.deepcopy(samples))

    def logits_of(images):
        return F.interpolate(
            model.decode_head(model.extract_feat(images)),
            size=(32, 32),
            mode='bilinear',
            align_corners=False)

    with torch.no_grad():
        pseudo = torch.where(gt == 255,
                             logits_of(inputs).argmax(1),
                             torch.full_like(gt, 255))
        swapped = inputs.flip(0)
        mixed = torch.where(box[:, None].bool(), inputs, swapped)
        targets = torch.where(box.bool(), pseudo, pseudo.flip(0))
        mixed_logits = logits_of(mixed)
    expected = F.cross_entropy(
        mixed_logits, targets, ignore_index=255,
        reduction='sum') / gt.numel()
    assert out['decode_pseudo.loss_ce'].item() == pytest.approx(
        0.5 * expected.item(), rel=1e-4)
    # Not the loss of the unmixed view.
    same_view = F.cross_entropy(
        logits_of(inputs).detach(), pseudo, ignore_index=255,
        reduction='sum') / gt.numel()
    assert abs(expected.item() - same_view.item()) > 1e-3
    with pytest.raises(ValueError, match='pseudo_label_mix'):
        MODELS.build(model_cfg(pseudo_label_mix='mixup'))


def test_feature_dropout_view_learns_clean_pseudo_labels_on_dropped_features(
        monkeypatch):
    model = self_training_model('feature_dropout')
    inputs, gt, samples = make_batch()
    dropped = []

    def recording_dropout2d(feature, p, **kwargs):
        out = F_dropout2d(feature, p, **kwargs)
        dropped.append((p, feature.detach(), out.detach()))
        return out

    F_dropout2d = F.dropout2d
    monkeypatch.setattr(F, 'dropout2d', recording_dropout2d)
    out = model.loss(inputs, copy.deepcopy(samples))
    monkeypatch.undo()

    # Every backbone level, whole channels dropped with p = 0.5 (a kept
    # channel is scaled by 2).
    with torch.no_grad():
        clean = model.extract_feat(inputs)
    assert len(dropped) == len(clean)
    for (p, feature, out_feature), level in zip(dropped, clean):
        assert p == 0.5
        torch.testing.assert_close(feature, level)
        kept = out_feature.abs().sum((2, 3)) > 0
        assert 0 < kept.float().mean() < 1
        torch.testing.assert_close(out_feature[kept], 2 * feature[kept])

    def upsampled(logits):
        return F.interpolate(
            logits, size=(32, 32), mode='bilinear', align_corners=False)

    with torch.no_grad():
        pseudo = torch.where(gt == 255,
                             upsampled(model.decode_head(clean)).argmax(1),
                             torch.full_like(gt, 255))
        dropped_logits = upsampled(
            model.decode_head([out_feature for _, _, out_feature in dropped]))
    expected = F.cross_entropy(
        dropped_logits, pseudo, ignore_index=255,
        reduction='sum') / gt.numel()
    assert out['decode_pseudo.loss_ce'].item() == pytest.approx(
        0.5 * expected.item(), rel=1e-4)
    # Not the loss of the clean features.
    clean_loss = F.cross_entropy(
        upsampled(model.decode_head(clean)).detach(), pseudo,
        ignore_index=255, reduction='sum') / gt.numel()
    assert abs(expected.item() - clean_loss.item()) > 1e-3


def test_separate_source_forward_normalises_labelled_images_alone():
    torch.manual_seed(0)
    inputs, gt, _ = make_batch()
    inputs = torch.cat([inputs, torch.randn(2, 3, 32, 32) * 3 + 1])
    gt = torch.cat([gt, torch.randint(0, 3, (2, 32, 32))])
    # Images 1 and 3 are whole unlabelled images; 0 and 2 are labelled.
    gt[[1, 3]] = 255
    samples = samples_of(gt)
    labelled = [0, 2]

    def expected_ce(model, logits_of_labelled):
        logits = F.interpolate(
            logits_of_labelled,
            size=(32, 32),
            mode='bilinear',
            align_corners=False)
        return (F.cross_entropy(
            logits, gt[labelled], ignore_index=255, reduction='sum') /
                gt.numel()).item()

    separate = MODELS.build(model_cfg(separate_source_forward=True))
    joint = MODELS.build(model_cfg())
    joint.load_state_dict(separate.state_dict())
    out = separate.loss(inputs, copy.deepcopy(samples))
    with torch.no_grad():
        alone = separate.decode_head(
            separate.extract_feat(inputs[labelled]))
        with_unlabelled = joint.decode_head(joint.extract_feat(inputs))
    # The labelled images' cross entropy is that of a pass over them alone
    # (batch statistics of images 0 and 2 only) ...
    assert out['decode.loss_ce'].item() == pytest.approx(
        expected_ce(separate, alone), rel=1e-4)
    # ... which is not that of one pass over the whole batch.
    assert abs(
        expected_ce(joint, with_unlabelled[labelled]) -
        out['decode.loss_ce'].item()) > 1e-4
    assert joint.loss(inputs, copy.deepcopy(samples))[
        'decode.loss_ce'].item() == pytest.approx(
            expected_ce(joint, with_unlabelled[labelled]), rel=1e-4)
    # The logits come back in batch order: the unlabelled images' are
    # those of a pass over them alone.
    _, logits, _ = separate._decode_by_source(inputs, samples, False)
    with torch.no_grad():
        unlabelled_alone = separate.decode_head(
            separate.extract_feat(inputs[[1, 3]]))
    torch.testing.assert_close(logits[[1, 3]], unlabelled_alone)
    torch.testing.assert_close(logits[labelled], alone)
    # So do the decode head's fused features (LightContrastHead's input).
    _, _, feats = separate._decode_by_source(inputs, samples, True)
    with torch.no_grad():
        _, feats_alone = decode_with_features(
            separate.decode_head, separate.extract_feat(inputs[[1, 3]]))
    torch.testing.assert_close(feats[[1, 3]], feats_alone)


@pytest.mark.parametrize('mode', ['no_update', 'running'])
def test_unlabeled_pass_can_leave_bn_running_statistics_alone(mode):
    torch.manual_seed(0)
    inputs = torch.randn(4, 3, 32, 32)
    inputs[[1, 3]] = inputs[[1, 3]] * 3 + 1
    gt = torch.randint(0, 3, (4, 32, 32))
    gt[[1, 3]] = 255
    samples = samples_of(gt)

    def running_means(model):
        return [
            m.running_mean.clone() for m in model.modules()
            if isinstance(m, torch.nn.BatchNorm2d)
        ]

    model = MODELS.build(
        model_cfg(separate_source_forward=True, unlabeled_pass_bn=mode))
    updating = MODELS.build(model_cfg(separate_source_forward=True))
    labelled_only = MODELS.build(model_cfg())
    # Running statistics unlike those of any batch here, so that
    # normalising with them differs from normalising with a batch's.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.fill_(0.5)
            module.running_var.fill_(4.0)
    updating.load_state_dict(model.state_dict())
    labelled_only.load_state_dict(model.state_dict())
    batch_stats = copy.deepcopy(model)
    _, logits, _ = model._decode_by_source(inputs, samples, False)
    updating._decode_by_source(inputs, samples, False)
    labelled_only._decode(inputs[[0, 2]], False)
    # The running statistics are those of the labelled pass alone ...
    for got, want in zip(running_means(model), running_means(labelled_only)):
        torch.testing.assert_close(got, want)
    # ... which the unlabelled pass changes by default.
    assert any(not torch.allclose(a, b) for a, b in zip(
        running_means(updating), running_means(labelled_only)))
    # The unlabelled images are normalised with their batch's statistics
    # ('no_update') or with the running ones left by the labelled pass, as
    # in evaluation ('running') ...
    reference = labelled_only.eval() if mode == 'running' else batch_stats
    with torch.no_grad():
        want = reference.decode_head(reference.extract_feat(inputs[[1, 3]]))
    torch.testing.assert_close(logits[[1, 3]], want)
    # ... and the layers are back to training afterwards.
    assert all(m.training and m.track_running_stats for m in model.modules()
               if isinstance(m, torch.nn.BatchNorm2d))
    with pytest.raises(ValueError, match='separate_source_forward'):
        MODELS.build(model_cfg(unlabeled_pass_bn=mode))
    with pytest.raises(ValueError, match='unlabeled_pass_bn must be one of'):
        MODELS.build(
            model_cfg(separate_source_forward=True, unlabeled_pass_bn='eval'))


def test_pseudo_labels_can_come_from_an_ema_teacher():
    torch.manual_seed(0)
    inputs, gt, samples = make_batch()
    momentum = 0.25
    model = MODELS.build(model_cfg(pseudo_label_teacher_momentum=momentum))
    model.set_pseudo_labels(True)
    captured = []
    model._pseudo_labelled_samples = lambda logits, data_samples: (
        captured.append(logits) or data_samples)
    student_start = copy.deepcopy(model.backbone.state_dict())
    # Step 1: the teacher is a copy of the network, so its pseudo-label
    # logits are those of the step's pass (same batch statistics).
    model.loss(inputs, copy.deepcopy(samples))
    twin = MODELS.build(model_cfg())
    twin.load_state_dict(model.state_dict(), strict=False)
    twin.backbone.load_state_dict(student_start)
    with torch.no_grad():
        first = twin.decode_head(twin.extract_feat(inputs))
    torch.testing.assert_close(captured[0], first)
    # After the network changes, the teacher is the EMA of the two.
    before = {
        name: p.detach().clone()
        for name, p in model.backbone.named_parameters()
    }
    with torch.no_grad():
        for p in logit_parts(model).parameters():
            p.add_(0.01 * torch.randn_like(p))
    after = dict(model.backbone.named_parameters())
    model.loss(inputs, copy.deepcopy(samples))
    teacher = dict(
        model.pseudo_label_teacher.module['backbone'].named_parameters())
    for name, value in before.items():
        torch.testing.assert_close(
            teacher[name], (1 - momentum) * value + momentum * after[name])
    # The step's pseudo labels come from the teacher, not the network.
    with torch.no_grad():
        twin.backbone.load_state_dict(
            model.pseudo_label_teacher.module['backbone'].state_dict())
        twin.decode_head.load_state_dict(
            model.pseudo_label_teacher.module['decode_head'].state_dict())
        twin.train()
        from_teacher = twin.decode_head(twin.extract_feat(inputs))
        network = model.decode_head(model.extract_feat(inputs))
    torch.testing.assert_close(captured[1], from_teacher)
    assert not torch.allclose(captured[1], network)
    with pytest.raises(ValueError, match='separate_source_forward=False'):
        MODELS.build(
            model_cfg(
                pseudo_label_teacher_momentum=0.1,
                separate_source_forward=True))
    with pytest.raises(ValueError, match='must lie in'):
        MODELS.build(model_cfg(pseudo_label_teacher_momentum=0.))
