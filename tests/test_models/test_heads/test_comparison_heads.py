"""The heads of Table 3's comparison rows: metric, LWS, cosine."""
import math

import pytest
import torch
from mmpretrain.structures import DataSample

from mars_mm.models.heads import (LWSClsHead, MetricLearningClsHead,
                                  NormedLinearClsHead)


def _samples(labels):
    return [DataSample().set_gt_label(label) for label in labels]


def test_metric_head_adds_the_metric_loss_on_its_features():
    head = MetricLearningClsHead(
        num_classes=3,
        in_channels=2,
        metric_loss=dict(type='CenterLoss', num_classes=3, feat_dim=2,
                         loss_weight=1.0))
    with torch.no_grad():
        head.metric_loss.centers.zero_()
    feats = torch.tensor([[3.0, 4.0], [0.0, 1.0]])
    losses = head.loss((feats, ), _samples([0, 2]))
    # 1/2 mean ||x||^2 with zero centers: (25 + 1) / 2 / 2.
    assert losses['loss_metric'].item() == pytest.approx(6.5)
    assert 'loss' in losses


def test_lws_learns_only_the_scales():
    head = LWSClsHead(num_classes=2, in_channels=2)
    with torch.no_grad():
        head.fc.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 2.0]]))
        head.fc.bias.copy_(torch.tensor([0.5, -1.0]))
        head.scales.copy_(torch.tensor([2.0, 0.5]))
    logits = head((torch.tensor([[1.0, 1.0]]), ))
    assert logits[0].tolist() == pytest.approx([2.0 * 1.5, 0.5 * 1.0])
    trainable = [n for n, p in head.named_parameters() if p.requires_grad]
    assert trainable == ['scales']


def test_normed_head_gives_cosines():
    head = NormedLinearClsHead(num_classes=2, in_channels=2)
    with torch.no_grad():
        head.fc.weight.copy_(torch.tensor([[2.0, 0.0], [1.0, 1.0]]))
    logits = head((torch.tensor([[3.0, 0.0]]), ))
    assert logits[0].tolist() == pytest.approx([1.0, 1 / math.sqrt(2)])
