import math

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import ConfigDict
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import mars_mm.models  # noqa: F401
from mars_mm.models.utils.mix_masks import box_mask, mix

NORM = dict(type='BN', requires_grad=True)


def model_cfg(**kwargs) -> dict:
    cfg = dict(
        type='MeanTeacherEncoderDecoder',
        backbone=dict(
            type='ResNetV1c',
            depth=18,
            stem_channels=8,
            base_channels=8,
            strides=(1, 2, 1, 1),
            dilations=(1, 1, 2, 4),
            norm_cfg=NORM),
        decode_head=dict(
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
        train_cfg=dict(),
        test_cfg=ConfigDict(mode='whole'))
    cfg.update(kwargs)
    return cfg


def make_batch(num_labelled=2, num_unlabeled=2):
    gen = torch.Generator().manual_seed(0)
    num = num_labelled + num_unlabeled
    inputs = torch.randn(num, 3, 32, 32, generator=gen)
    gt = torch.randint(0, 3, (num, 32, 32), generator=gen)
    gt[num_labelled:] = 255
    samples = [
        SegDataSample(
            gt_sem_seg=PixelData(data=g[None].clone()),
            metainfo=dict(
                img_shape=(32, 32), ori_shape=(32, 32), pad_shape=(32, 32)))
        for g in gt
    ]
    return inputs, samples


def test_ema_update_matches_a_hand_computation():
    model = MODELS.build(model_cfg(ema_momentum=0.25))
    model.update_teacher()  # the first update copies the student
    weight = model.decode_head.conv_seg.weight
    teacher_weight = model.teacher.module['decode_head'].conv_seg.weight
    assert torch.equal(teacher_weight, weight)
    assert not teacher_weight.requires_grad
    before = weight.detach().clone()
    with torch.no_grad():
        weight.add_(1.0)
        model.decode_head.conv_seg.bias.fill_(2.0)
        model.backbone.stem[1].running_mean.fill_(3.0)
    bias_before = model.teacher.module['decode_head'].conv_seg.bias.clone()
    model.update_teacher()
    # teacher = 0.75 * teacher + 0.25 * student, by hand.
    expected = 0.75 * before + 0.25 * (before + 1.0)
    assert torch.allclose(teacher_weight, expected, atol=1e-7)
    assert torch.allclose(
        model.teacher.module['decode_head'].conv_seg.bias,
        0.75 * bias_before + 0.25 * 2.0)
    # Buffers (BN statistics) follow the student.
    assert torch.equal(model.teacher.module['backbone'].stem[1].running_mean,
                       torch.full((4, ), 3.0))
    assert int(model.teacher.steps) == 2


def test_each_training_step_moves_the_teacher_once():
    model = MODELS.build(model_cfg(ema_momentum=0.5))
    model.train()
    inputs, samples = make_batch()
    model.loss(inputs, samples)
    assert int(model.teacher.steps) == 1
    with torch.no_grad():
        model.decode_head.conv_seg.bias.fill_(4.0)
    teacher_bias = model.teacher.module['decode_head'].conv_seg.bias.clone()
    model.loss(inputs, samples)
    assert torch.allclose(model.teacher.module['decode_head'].conv_seg.bias,
                          0.5 * teacher_bias + 2.0)


def test_consistency_losses_by_hand():
    logits = torch.tensor([[2.0, 0.0], [0.0, 0.0]]).t().reshape(1, 2, 1, 2)
    # Pixel 0: softmax (0.881, 0.119); pixel 1: (0.5, 0.5).
    probs = torch.tensor([[0.9, 0.1], [0.4, 0.6]]).t().reshape(1, 2, 1, 2)
    weight = torch.tensor([[[1.0, 1.0]]])
    p0 = 1 / (1 + math.exp(-2))
    d0 = (p0 - 0.9)**2 + (1 - p0 - 0.1)**2
    d1 = (0.5 - 0.4)**2 + (0.5 - 0.6)**2
    loss = MODELS.get('MeanTeacherEncoderDecoder').consistency_loss
    assert loss(logits, probs, weight, 'mse').item() == pytest.approx(
        (d0 + d1) / 2, rel=1e-5)
    # Threshold 0.8: pixel 1 (max 0.6) contributes 0, still counted.
    assert loss(logits, probs, weight, 'mse', 0.8).item() == pytest.approx(
        d0 / 2, rel=1e-5)
    # CE to argmax (class 0, class 1), weighted by the confident share 1/2.
    ce0 = -math.log(p0)
    ce1 = -math.log(0.5)
    assert loss(logits, probs, weight, 'ce', 0.8).item() == pytest.approx(
        0.5 * (ce0 + ce1) / 2, rel=1e-5)
    # Pixel weights: only pixel 1.
    assert loss(logits, probs, torch.tensor([[[0.0, 1.0]]]),
                'mse').item() == pytest.approx(d1, rel=1e-5)
    assert loss(logits, probs, torch.zeros(1, 1, 2), 'mse').item() == 0


def test_cutmix_inputs_and_targets_are_mixed_by_one_mask():
    model = MODELS.build(model_cfg(mix='cutmix'))
    inputs = torch.randn(3, 3, 8, 8)
    probs = torch.rand(3, 3, 8, 8).softmax(dim=1)
    region = torch.ones(3, 8, 8, dtype=torch.bool)
    region[1, :, :2] = False
    torch.manual_seed(7)
    student_in, target, weight = model._perturb(inputs, probs, region)
    torch.manual_seed(7)
    masks = box_mask(3, 8, 8, 0.5)
    nxt = [1, 2, 0]
    for i in range(3):
        m, j = masks[i], nxt[i]
        assert torch.allclose(student_in[i],
                              m * inputs[i] + (1 - m) * inputs[j])
        assert torch.allclose(target[i], m * probs[i] + (1 - m) * probs[j])
        assert torch.equal(weight[i],
                           m * region[i].float() + (1 - m) *
                           region[j].float())
    assert torch.equal(mix(masks, inputs, inputs[nxt]), student_in)


def test_classmix_takes_the_teachers_classes_from_the_first_image():
    model = MODELS.build(model_cfg(mix='classmix', consistency='ce'))
    inputs = torch.randn(2, 3, 4, 4)
    pred = torch.tensor([[[0, 0, 1, 1]] * 4, [[2, 2, 2, 2]] * 4])
    probs = F.one_hot(pred, 3).permute(0, 3, 1, 2).float()
    region = torch.ones(2, 4, 4, dtype=torch.bool)
    student_in, target, _ = model._perturb(inputs, probs, region)
    # Image 0 keeps its pixels of one of its two classes, the rest from 1.
    kept = (student_in[0] == inputs[0]).all(dim=0)
    assert kept.sum() == 8
    assert torch.equal(target[0].argmax(0)[kept], pred[0][kept])
    assert (target[0].argmax(0)[~kept] == 2).all()
    assert torch.allclose(student_in[0][:, ~kept], inputs[1][:, ~kept])


def test_cutout_erases_a_box_and_drops_it_from_the_loss():
    model = MODELS.build(model_cfg(mix='cutout'))
    inputs = torch.randn(2, 3, 8, 8)
    probs = torch.rand(2, 3, 8, 8).softmax(dim=1)
    region = torch.ones(2, 8, 8, dtype=torch.bool)
    torch.manual_seed(3)
    student_in, target, weight = model._perturb(inputs, probs, region)
    torch.manual_seed(3)
    keep = 1 - box_mask(2, 8, 8, 0.5)
    assert torch.allclose(student_in, inputs * keep[:, None])
    assert torch.equal(target, probs) and torch.equal(weight, keep)


@pytest.mark.parametrize('mix_name', ['none', 'cutout', 'cutmix', 'classmix'])
def test_loss_supervises_labelled_images_only(mix_name):
    torch.manual_seed(0)
    model = MODELS.build(model_cfg(mix=mix_name))
    model.train()
    inputs, samples = make_batch()
    losses = model.loss(inputs, samples)
    assert set(losses) >= {'sup.decode.loss_ce', 'unsup_loss_cons'}
    assert torch.isfinite(losses['unsup_loss_cons'])
    assert losses['unsup_loss_cons'].item() > 0
    # The supervised loss is the plain EncoderDecoder's on the labelled two.
    with torch.no_grad():
        x = model.extract_feat(inputs[:2])
        logits = F.interpolate(
            model.decode_head(x), size=(32, 32), mode='bilinear')
    gt = torch.stack([s.gt_sem_seg.data[0] for s in samples[:2]])
    expected = F.cross_entropy(logits, gt, ignore_index=255)
    assert losses['sup.decode.loss_ce'].item() == pytest.approx(
        expected.item(), rel=1e-4)
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert model.decode_head.conv_seg.weight.grad is not None


def test_rampup_is_mean_teachers_sigmoid():
    model = MODELS.build(model_cfg(unsup_weight=2.0, rampup_iters=10))
    assert model.unsup_weight_at(0) == pytest.approx(2 * math.exp(-5))
    assert model.unsup_weight_at(5) == pytest.approx(2 * math.exp(-1.25))
    assert model.unsup_weight_at(10) == 2.0
