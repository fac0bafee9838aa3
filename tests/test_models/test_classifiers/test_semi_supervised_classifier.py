import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapper
from mmengine.registry import init_default_scope
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

import mars_mm  # noqa: F401  (registers the components)


@pytest.fixture(autouse=True)
def mmpretrain_scope():
    """Build in the mmpretrain scope, whatever scope an earlier test's Runner
    left current."""
    init_default_scope('mmpretrain')


NUM_CLASSES = 3
PREPROCESSOR = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)


def _projector():
    return dict(
        type='MoCoV2Neck',
        in_channels=64,
        hid_channels=32,
        out_channels=16,
        with_avg_pool=False)


def _cfg(**overrides):
    cfg = dict(
        type='SemiSupervisedClassifier',
        backbone=dict(
            type='ResNet',
            depth=18,
            stem_channels=8,
            base_channels=8,
            init_cfg=None),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead', num_classes=NUM_CLASSES, in_channels=64),
        inter_class_projector=_projector(),
        inter_class_loss=dict(type='InterClassContrastiveLoss'),
        similarity_projector=_projector(),
        similarity_loss=dict(type='SimilarityLoss', loss_weight=0.2),
        data_preprocessor=copy.deepcopy(PREPROCESSOR))
    cfg.update(overrides)
    return cfg


def _image(seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (3, 32, 32), generator=generator,
                         dtype=torch.uint8)


def _sample(stream, label=None):
    sample = DataSample()
    sample.set_metainfo(dict(stream=stream))
    return sample if label is None else sample.set_gt_label(label)


INTER_LABELS = [2, 0, 1, 1, 0, 2]  # two samples of each class, shuffled


def _batch(streams=('sup', 'inter_class', 'unsup')):
    inputs, samples = [], []
    if 'sup' in streams:
        inputs += [_image(0), _image(1)]
        samples += [_sample('sup', 0), _sample('sup', 2)]
    if 'inter_class' in streams:
        inputs += [_image(10 + i) for i in range(len(INTER_LABELS))]
        samples += [_sample('inter_class', c) for c in INTER_LABELS]
    if 'unsup' in streams:
        inputs += [[_image(20 + i), _image(30 + i)] for i in range(2)]
        samples += [_sample('unsup'), _sample('unsup')]
    return dict(inputs=inputs, data_samples=samples)


@pytest.fixture
def model():
    torch.manual_seed(0)
    return MODELS.build(_cfg())


def test_train_step_returns_three_finite_losses_and_updates(model):
    before = model.backbone.conv1.weight.detach().clone()
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.1))
    log_vars = model.train_step(_batch(), optim)
    for key in ('loss_ce', 'loss_inter_class', 'loss_similarity'):
        assert torch.isfinite(log_vars[key])
    # mmengine's total is their sum (Eq. 5 with the weights in the losses).
    total = sum(log_vars[k] for k in
                ('loss_ce', 'loss_inter_class', 'loss_similarity'))
    assert log_vars['loss'].item() == pytest.approx(total.item(), rel=1e-5)
    assert not torch.equal(model.backbone.conv1.weight, before)


def test_each_stream_sends_gradients_to_the_backbone(model):
    data = model.data_preprocessor(_batch(), True)
    losses = model(**data, mode='loss')
    projectors = dict(
        loss_ce=None,
        loss_inter_class=model.inter_class_projector,
        loss_similarity=model.similarity_projector)
    for key, own in projectors.items():
        model.zero_grad()
        losses[key].backward(retain_graph=True)
        assert model.backbone.conv1.weight.grad.abs().sum() > 0, key
        for projector in (model.inter_class_projector,
                          model.similarity_projector):
            grad = projector.mlp[0].weight.grad
            reached = grad is not None and grad.abs().sum() > 0
            assert reached == (projector is own), key
        head_grad = model.head.fc.weight.grad
        assert (head_grad is not None
                and head_grad.abs().sum() > 0) == (key == 'loss_ce')


def _embed(model, projector, img):
    data = model.data_preprocessor(
        dict(inputs=[img], data_samples=[DataSample()]))
    return projector(model.extract_feat(data['inputs']))[0][0]


def test_inter_class_loss_pairs_the_two_samples_of_each_class(model):
    model.eval()  # BatchNorm per sample, so embeddings can be checked alone
    data = model.data_preprocessor(_batch(('sup', 'inter_class')), True)
    model.similarity_projector = model.similarity_loss = None
    loss = model(**data, mode='loss')['loss_inter_class']
    # Pair by hand: for each class, the first and second image with it.
    images = [_image(10 + i) for i in range(len(INTER_LABELS))]
    z = [_embed(model, model.inter_class_projector, img) for img in images]
    first = [INTER_LABELS.index(c) for c in range(NUM_CLASSES)]
    second = [
        INTER_LABELS.index(c, INTER_LABELS.index(c) + 1)
        for c in range(NUM_CLASSES)
    ]
    z1 = F.normalize(torch.stack([z[i] for i in first]), dim=1)
    z2 = F.normalize(torch.stack([z[i] for i in second]), dim=1)
    logits = z1 @ z2.t() / 0.2
    expected = -(logits.diag() - logits.logsumexp(dim=1)).mean()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-4)


def _eq2(z1, z2, temperature=0.2):
    """Eq. 2 by hand: the cross entropy of each first view over classes."""
    logits = F.normalize(z1, dim=1) @ F.normalize(z2, dim=1).t() / temperature
    return -(logits.diag() - logits.logsumexp(dim=1)).mean()


def test_two_groups_per_batch_are_two_problems_of_eq2(model):
    """Four samples of each class: pairs (1st, 2nd) and (3rd, 4th) of each
    class by batch order, Eq. 2 on each set of pairs, averaged."""
    model.eval()
    labels = [2, 0, 1, 1, 0, 2, 0, 2, 1, 1, 2, 0]
    images = [_image(50 + i) for i in range(len(labels))]
    batch = dict(
        inputs=[_image(0)] + images,
        data_samples=[_sample('sup', 0)] +
        [_sample('inter_class', c) for c in labels])
    model.similarity_projector = model.similarity_loss = None
    data = model.data_preprocessor(batch, True)
    loss = model(**data, mode='loss')['loss_inter_class']
    z = [_embed(model, model.inter_class_projector, img) for img in images]
    where = {c: [i for i, label in enumerate(labels) if label == c]
             for c in range(NUM_CLASSES)}
    problems = [
        _eq2(torch.stack([z[where[c][2 * j]] for c in range(NUM_CLASSES)]),
             torch.stack([z[where[c][2 * j + 1]]
                          for c in range(NUM_CLASSES)])) for j in range(2)
    ]
    expected = (problems[0] + problems[1]) / 2
    assert loss.item() == pytest.approx(expected.item(), rel=1e-4)
    # Not Eq. 2 over the first pairs alone.
    assert loss.item() != pytest.approx(problems[0].item(), rel=1e-4)


def test_an_odd_count_per_class_is_rejected(model):
    labels = [0, 1, 2] * 3  # samples_per_class=3: no whole pairs
    batch = dict(
        inputs=[_image(0), _image(1)] +
        [_image(60 + i) for i in range(len(labels))],
        data_samples=[_sample('sup', 0), _sample('sup', 2)] +
        [_sample('inter_class', c) for c in labels])
    model.similarity_projector = model.similarity_loss = None
    data = model.data_preprocessor(batch, True)
    with pytest.raises(ValueError, match=r'same, even number.*\{0: 3, 1: 3'):
        model(**data, mode='loss')


def test_similarity_loss_compares_the_views_of_each_image(model):
    model.eval()
    data = model.data_preprocessor(_batch(('sup', 'unsup')), True)
    model.inter_class_projector = model.inter_class_loss = None
    loss = model(**data, mode='loss')['loss_similarity']
    cosines = [
        F.cosine_similarity(
            _embed(model, model.similarity_projector, _image(20 + i)),
            _embed(model, model.similarity_projector, _image(30 + i)),
            dim=0) for i in range(2)
    ]
    expected = -0.2 * sum(cosines) / 2
    assert loss.item() == pytest.approx(expected.item(), rel=1e-4)


def test_predict_and_test_are_those_of_an_image_classifier(model):
    plain_cfg = _cfg(type='ImageClassifier')
    for key in ('inter_class_projector', 'inter_class_loss',
                'similarity_projector', 'similarity_loss'):
        plain_cfg.pop(key)
    plain = MODELS.build(plain_cfg)
    result = plain.load_state_dict(model.state_dict(), strict=False)
    assert result.missing_keys == []
    assert all('projector' in key for key in result.unexpected_keys)
    model.eval()
    plain.eval()
    batch = dict(
        inputs=[_image(40), _image(41)],
        data_samples=[DataSample().set_gt_label(1),
                      DataSample().set_gt_label(0)])
    ours = model.test_step(copy.deepcopy(batch))
    theirs = plain.test_step(copy.deepcopy(batch))
    for a, b in zip(ours, theirs):
        torch.testing.assert_close(a.pred_score, b.pred_score)
        assert a.pred_label.tolist() == b.pred_label.tolist()
    inputs = torch.randn(2, 3, 32, 32)
    torch.testing.assert_close(model(inputs), plain(inputs))


def test_works_with_another_backbone():
    cfg = _cfg(
        backbone=dict(
            type='MobileNetV2',
            widen_factor=0.25,
            out_indices=(7, ),
            init_cfg=None))
    # MobileNetV2's last layer has 1280 channels whatever the width.
    cfg['head']['in_channels'] = 1280
    for key in ('inter_class_projector', 'similarity_projector'):
        cfg[key]['in_channels'] = 1280
    model = MODELS.build(cfg)
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    log_vars = model.train_step(_batch(), optim)
    assert all(
        torch.isfinite(log_vars[k])
        for k in ('loss_ce', 'loss_inter_class', 'loss_similarity'))


def test_ablation_without_a_stream_trains_the_others():
    model = MODELS.build(
        _cfg(similarity_projector=None, similarity_loss=None))
    data = model.data_preprocessor(_batch(('sup', 'inter_class')), True)
    losses = model(**data, mode='loss')
    assert {'loss_ce', 'loss_inter_class'} <= set(losses)
    assert 'loss_similarity' not in losses


def test_bad_configuration_and_batches_are_rejected(model):
    with pytest.raises(ValueError, match='given together'):
        MODELS.build(_cfg(similarity_loss=None))
    data = model.data_preprocessor(_batch(('sup', 'inter_class')), True)
    with pytest.raises(ValueError, match=r"\['inter_class', 'sup'\]"):
        model(**data, mode='loss')
    with pytest.raises(TypeError, match='multi-stream'):
        model(torch.zeros(2, 3, 32, 32), [DataSample()] * 2, mode='loss')
    batch = _batch()
    batch['data_samples'][2].set_gt_label(0)  # class 0 three times, 2 once
    data = model.data_preprocessor(batch, True)
    with pytest.raises(ValueError, match='same, even number of times'):
        model(**data, mode='loss')


def test_bn_running_statistics_come_from_the_sup_stream_only(model):
    reference = copy.deepcopy(model)
    data = model.data_preprocessor(_batch(), True)
    model(**data, mode='loss')
    # The same update as a forward of the sup images alone.
    reference.train()
    reference.extract_feat(data['inputs']['sup'][0])
    for (name, ours), theirs in zip(model.named_buffers(),
                                    reference.buffers()):
        torch.testing.assert_close(ours, theirs, msg=name)
    # BatchNorm tracks its statistics again afterwards.
    assert all(m.track_running_stats for m in model.modules()
               if isinstance(m, torch.nn.BatchNorm2d))


def _predictor():
    return dict(
        type='NonLinearNeck',
        in_channels=16,
        hid_channels=8,
        out_channels=16,
        with_avg_pool=False)


def test_similarity_predictor_predicts_the_other_view_without_its_gradient():
    torch.manual_seed(0)
    model = MODELS.build(_cfg(similarity_predictor=_predictor()))
    model.inter_class_projector = model.inter_class_loss = None
    model.eval()
    data = model.data_preprocessor(_batch(('sup', 'unsup')), True)
    loss = model(**data, mode='loss')['loss_similarity']

    def predict(z):
        return model.similarity_predictor((z[None], ))[0][0]

    expected = 0
    for i in range(2):
        z1 = _embed(model, model.similarity_projector, _image(20 + i))
        z2 = _embed(model, model.similarity_projector, _image(30 + i))
        expected -= 0.1 * (F.cosine_similarity(predict(z1), z2, dim=0) +
                           F.cosine_similarity(predict(z2), z1, dim=0)) / 2
    assert loss.item() == pytest.approx(expected.item(), rel=1e-4)

    # The targets are detached: the projector learns only through the
    # predictions, so a predictor with zero weights sends it no gradient,
    # while Eq. 3 alone would.
    for param in model.similarity_predictor.parameters():
        torch.nn.init.zeros_(param)
    model.zero_grad()
    model(**data, mode='loss')['loss_similarity'].backward()
    assert all(p.grad is None or p.grad.abs().max() == 0
               for p in model.similarity_projector.parameters())
    plain = MODELS.build(_cfg())
    plain.inter_class_projector = plain.inter_class_loss = None
    plain(**data, mode='loss')['loss_similarity'].backward()
    assert any(p.grad.abs().max() > 0
               for p in plain.similarity_projector.parameters())


def test_similarity_predictor_needs_the_similarity_stream():
    with pytest.raises(ValueError, match='similarity_predictor needs'):
        MODELS.build(
            _cfg(similarity_projector=None, similarity_loss=None,
                 similarity_predictor=_predictor()))


def test_pseudo_label_loss_teaches_each_view_the_other_views_sure_class():
    torch.manual_seed(0)
    model = MODELS.build(_cfg(pseudo_label_loss_weight=0.5))
    model.inter_class_projector = model.inter_class_loss = None
    model.eval()  # BatchNorm per sample: views can be checked alone
    data = model.data_preprocessor(_batch(('sup', 'unsup')), True)
    views = [_image(20), _image(21), _image(30), _image(31)]  # v1s, v2s

    def logits(img):
        data = model.data_preprocessor(
            dict(inputs=[img], data_samples=[DataSample()]))
        return model.head(model.extract_feat(data['inputs']))[0]

    scores = torch.stack([logits(img) for img in views]).detach()
    confidence = scores.softmax(1).max(1).values
    # Three of the four views are sure enough to teach the other view.
    model.pseudo_label_threshold = confidence.sort().values[1].item()
    losses = model(**data, mode='loss')
    teacher = [2, 3, 0, 1]
    expected = sum(
        F.cross_entropy(scores[i], scores[t].argmax()) *
        (confidence[t] >= model.pseudo_label_threshold)
        for i, t in enumerate(teacher)) / 4
    assert losses['loss_pseudo'].item() == pytest.approx(
        0.5 * expected.item(), rel=1e-4)
    assert 'loss_similarity' in losses

    model.pseudo_label_threshold = 1.0  # nobody is that sure: no target
    assert model(**data, mode='loss')['loss_pseudo'].item() == 0
    with pytest.raises(ValueError, match='needs the unlabelled stream'):
        MODELS.build(
            _cfg(similarity_projector=None, similarity_loss=None,
                 pseudo_label_loss_weight=1.))
