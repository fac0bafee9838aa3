"""The classification configs of issue 3 build and are consistent."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmpretrain.registry import MODELS

import mars_mm  # noqa: F401  (registers the components)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
SEMI_CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs', 'msl_semi', '*.py')) +
    [osp.join(REPO, 'configs', 'msl_semi.py'),
     osp.join(REPO, 'configs', 'demo', 'msl_semi_demo.py')])


def _name(path):
    return osp.relpath(path, REPO)


def _model(cfg):
    model_cfg = cfg.model.copy()
    model_cfg.data_preprocessor = cfg.data_preprocessor
    # No pretrained weights on this machine; the architecture is what counts.
    model_cfg.backbone.init_cfg = None
    return MODELS.build(model_cfg)


@pytest.mark.parametrize('path', SEMI_CONFIGS, ids=_name)
def test_semi_config_streams_match_the_model(path):
    cfg = Config.fromfile(path)
    model = cfg.model
    enabled = ['sup'] + [
        stream for stream, key in (('inter_class', 'inter_class_projector'),
                                   ('unsup', 'similarity_projector'))
        if model.get(key) is not None
    ]
    loader = cfg.train_dataloader
    # The sources the sampler draws from (a stream ablation leaves a
    # source out by its batch size, 0).
    drawn = [s for s, size in enumerate(loader.sampler.batch_sizes) if size]
    tags = [
        step['stream'] for s in drawn
        for step in loader.dataset.datasets[s].pipeline
        if step['type'] == 'SetStream'
    ]
    # One tagged, drawn source per stream the model trains.
    assert sorted(tags) == sorted(enabled)
    assert len(loader.sampler.source_samplers) == len(
        loader.dataset.datasets)
    assert loader.batch_size == sum(loader.sampler.batch_sizes)
    assert loader.collate_fn.type == 'pseudo_collate'
    if 'inter_class' in tags:
        source = drawn[tags.index('inter_class')]
        assert loader.sampler.batch_sizes[source] == 2 * model.head.num_classes
        assert loader.sampler.source_samplers[source] == dict(
            type='ClassBalancedSampler', samples_per_class=2)
    # The projectors take the features the head takes.
    for key in ('inter_class_projector', 'similarity_projector'):
        if model.get(key) is not None:
            assert model[key].in_channels == model.head.in_channels


def test_demo_config_builds_and_fits_its_features():
    cfg = Config.fromfile(
        osp.join(REPO, 'configs', 'demo', 'msl_semi_demo.py'))
    model = _model(cfg).eval()
    assert model.streams == ('sup', 'inter_class', 'unsup')
    feats = model.extract_feat(torch.rand(1, 3, 64, 64))
    assert model.head(feats).shape == (1, 24)
    for projector in (model.inter_class_projector,
                      model.similarity_projector):
        assert projector((feats[-1], ))[0].shape == (1, 128)


def test_paper_learning_rates():
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'msl_semi.py'))
    cfg.model.backbone.depth = 18  # smaller, same parameter names
    for key in ('inter_class_projector', 'similarity_projector'):
        cfg.model[key].in_channels = 512
    cfg.model.head.in_channels = 512
    model = _model(cfg)
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    lr_of = {}
    for group in optim_wrapper.optimizer.param_groups:
        for param in group['params']:
            lr_of[param] = group['lr']
    for name, param in model.named_parameters():
        expected = 1e-3 if name.startswith('head.') else 1e-6
        assert lr_of[param] == pytest.approx(expected), name
