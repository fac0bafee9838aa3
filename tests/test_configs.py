import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DATASETS, MODELS, DefaultScope

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = sorted(
    osp.relpath(path, REPO_ROOT)
    for path in glob.glob(osp.join(REPO_ROOT, 'configs', '**', '*.py'),
                          recursive=True)
    # configs/bench/ reads the subsets of the label-efficiency benchmark:
    # tests/test_benchmarks/test_label_efficiency_smoke.py builds them there.
    if '_base_' not in path and '/configs/bench/' not in path)
# Which demo tree stands in for the real data of each dataset type.
DEMO_ROOT_OF_TYPE = {
    'MSLSurfaceDataset': 'msl',
    'UnlabeledImageDataset': 'msl_unlabeled',
    'AI4MarsDataset': 'ai4mars',
}


def point_data_roots(node, roots: dict) -> int:
    """Point every dataset of a config at the demo data; count them."""
    count = 0
    if isinstance(node, dict):
        if node.get('type') in DEMO_ROOT_OF_TYPE and 'data_root' in node:
            node['data_root'] = roots[DEMO_ROOT_OF_TYPE[node['type']]]
            count += 1
        for value in node.values():
            count += point_data_roots(value, roots)
    elif isinstance(node, (list, tuple)):
        for value in node:
            count += point_data_roots(value, roots)
    return count


def test_configs_are_found():
    assert 'configs/msl_resnet50.py' in CONFIGS
    assert 'configs/ai4mars_deeplabv3plus_r101.py' in CONFIGS


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_model_and_datasets(config, demo_data_root):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    assert cfg.default_scope in ('mmpretrain', 'mmseg')
    loaders = {
        key: cfg[key]
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader')
        if cfg.get(key)
    }
    # Self-supervised pretraining (configs/selfsup/) is not evaluated.
    num_loaders = 3 if 'val_cfg' in cfg else 1
    assert sum(
        point_data_roots(loader, demo_data_root)
        for loader in loaders.values()) >= len(loaders) == num_loaders
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
        assert sum(p.numel() for p in model.parameters()) > 0
        for key, loader in loaders.items():
            dataset = DATASETS.build(loader.dataset)
            assert len(dataset) > 0, f'{config}: empty {key}'


@pytest.mark.parametrize('config, contrast_weight', [
    ('configs/ai4mars_semi.py', 0.001),
    ('configs/ai4mars_semi/ai4mars_semi_lambda1e-1.py', 0.1),
    ('configs/ai4mars_semi/ai4mars_semi_lambda1e-2.py', 0.01),
    ('configs/ai4mars_semi/ai4mars_semi_lambda1e-4.py', 0.0001),
])
def test_paper_stages_are_thirds_of_the_run_and_lambda_is_the_models(
        config, contrast_weight):
    """Sec. 7.1: three stages of 60 of 180 epochs; Table 11's lambda is set
    once, on the model, and the joint stages take it."""
    from mars_mm.engine.hooks import SegmentationStageHook
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    hook, = [h for h in cfg.custom_hooks
             if h.type == 'SegmentationStageHook']
    total = cfg.train_cfg.max_epochs
    assert total == 180
    assert [SegmentationStageHook.resolve_begin(s.begin, total)
            for s in hook.stages] == [0, 60, 120]
    assert [s.get('pseudo_labels', False) for s in hook.stages] == \
        [False, False, True]
    assert cfg.model.contrast_loss_weight == contrast_weight
    assert all('contrast_loss_weight' not in s for s in hook.stages[1:])
    # Lengthening the run moves the stages with it.
    assert [SegmentationStageHook.resolve_begin(s.begin, 360)
            for s in hook.stages] == [0, 120, 240]


def test_classification_streams_have_one_owner():
    """The paper config and the CPU demo take the three streams from
    configs/_base_/models/semi_supervised_classifier.py: the paper's losses
    (Eq. 2 at t = 0.2 and lambda_s = 1, Eq. 3 at lambda_u = 0.2), projectors
    as wide as each backbone's output."""
    paper = Config.fromfile(osp.join(REPO_ROOT, 'configs/msl_semi.py'))
    demo = Config.fromfile(
        osp.join(REPO_ROOT, 'configs/demo/msl_semi_demo.py'))
    for cfg, width in ((paper, 2048), (demo, 128)):
        model = cfg.model
        assert model.type == 'SemiSupervisedClassifier'
        assert model.inter_class_loss == dict(
            type='InterClassContrastiveLoss', temperature=0.2, loss_weight=1.0)
        assert model.similarity_loss == dict(
            type='SimilarityLoss', loss_weight=0.2)
        assert model.head.in_channels == width
        for name in ('inter_class_projector', 'similarity_projector'):
            assert model[name] == dict(
                type='MoCoV2Neck', in_channels=width, hid_channels=width,
                out_channels=128, with_avg_pool=False)


def test_contrast_head_has_one_owner():
    """The paper config and the CPU demo take the contrastive head from
    configs/_base_/models/memory_bank_contrast_head.py: Eq. 7 at t = 0.07
    with its memory bank; the demo narrows only the widths, keeps the
    baseline's FCN auxiliary head beside it, and its heads use plain BN."""
    paper = Config.fromfile(osp.join(REPO_ROOT, 'configs/ai4mars_semi.py'))
    demo = Config.fromfile(
        osp.join(REPO_ROOT, 'configs/demo/ai4mars_semi_demo.py'))
    paper_head = paper.model.auxiliary_head
    fcn_head, demo_head = demo.model.auxiliary_head
    assert fcn_head.type == 'FCNHead'
    for head in (paper_head, demo_head):
        assert head.type == 'MemoryBankContrastHead'
        assert head.loss_decode == dict(
            type='MemoryBankContrastLoss', temperature=0.07, loss_weight=1.0)
    assert (paper_head.feat_dim, paper_head.queue_len,
            paper_head.in_channels) == (128, 32, 2048)
    assert paper_head.norm_cfg.type == 'SyncBN'
    widths = ('feat_dim', 'queue_len', 'in_channels', 'channels', 'dilations',
              'c1_in_channels', 'c1_channels', 'norm_cfg')
    assert {k: v for k, v in demo_head.items() if k not in widths} == \
        {k: v for k, v in paper_head.items() if k not in widths}
    assert demo_head.norm_cfg.type == 'BN'
    assert demo_head.in_channels == demo.model.decode_head.in_channels


def test_segmentation_stages_have_one_owner():
    """Every segmentation schedule is written with the stages of
    configs/_base_/schedules/segmentation_stages.py: contrastive
    pretraining sets the weights (0, 1), the joint stages name none and so
    take the model's lambda, and only the last stage turns pseudo labels
    on."""
    presets = Config.fromfile(
        osp.join(REPO_ROOT, 'configs/_base_/schedules/segmentation_stages.py'))
    schedules = 0
    for config in glob.glob(
            osp.join(REPO_ROOT, 'configs', '**', '*.py'), recursive=True):
        with open(config) as f:
            text = f.read()
        # The configs that write a schedule or take a shared one.
        if '_base_' in config or not any(
                name in text for name in ('_base_.stage_hook',
                                          '_base_.paper_schedule_hooks')):
            continue
        cfg = Config.fromfile(config)
        for hook in cfg.get('custom_hooks', []):
            if hook.type != 'SegmentationStageHook':
                continue
            schedules += 1
            for stage in hook.stages:
                preset = {
                    key: value
                    for key, value in stage.items() if key != 'begin'
                }
                if stage.name in ('contrastive pretraining', 'joint',
                                  'joint + pseudo labels'):
                    assert preset in (presets.contrastive_pretraining,
                                      presets.joint,
                                      presets.joint_pseudo_labels), config
    assert presets.contrastive_pretraining == dict(
        name='contrastive pretraining', seg_loss_weight=0.,
        contrast_loss_weight=1.)
    assert 'contrast_loss_weight' not in presets.joint
    assert presets.joint_pseudo_labels.pseudo_labels
    assert schedules >= 12


@pytest.mark.parametrize('method', ['focal', 'label_smooth', 'ldam_drw',
                                    'triplet'])
def test_table3_twins_share_their_method(method):
    """A Table 3 comparison method is the same at paper scale
    (configs/msl_baselines/) and at demo scale (configs/bench/): one
    statement, in configs/_base_/models/table3_methods.py."""
    paper, demo = (
        Config.fromfile(osp.join(REPO_ROOT, path)) for path in (
            f'configs/msl_baselines/msl_resnet50_{method}.py',
            f'configs/bench/digits_resnet18_{method}.py'))
    for cfg in (paper, demo):
        head = cfg.model.head
        if method == 'triplet':
            assert head.metric_loss == cfg.batch_hard_triplet_loss
            assert cfg.train_dataloader.sampler == cfg.class_balanced_sampler
            assert cfg.train_dataloader.batch_size == 2 * cfg.num_classes
        else:
            assert head.loss == cfg[dict(
                focal='focal_loss',
                label_smooth='label_smooth_loss',
                ldam_drw='ldam_loss')[method]]
    assert paper.model.head.get('loss') == demo.model.head.get('loss')
    assert paper.get('custom_hooks') == demo.get('custom_hooks')
    if method == 'focal':
        assert paper.model.head.loss == dict(
            type='FocalLoss', gamma=2.0, alpha=0.25, loss_weight=1.0)


@pytest.mark.parametrize('method',
                         ['pseudo_label', 's4l_rotation', 's4l_jigsaw'])
def test_table3_semi_twins_share_their_method(method):
    """Table 3's semi-supervised comparison methods are stated once
    (configs/_base_/models/table3_methods.py): both scales train the same
    method on plain views of the unlabelled images, the cross-entropy
    stream's crop and flip, with a pretext head as wide as their
    features."""
    for path in (f'configs/msl_baselines/msl_resnet50_{method}.py',
                 f'configs/bench/digits_resnet18_{method}.py'):
        cfg = Config.fromfile(osp.join(REPO_ROOT, path))
        statement = cfg[f'{method}_classifier']
        if method == 's4l_jigsaw':
            # Jigsaw is the rotation config with its own pretext.
            statement = dict(cfg.s4l_rotation_classifier, **statement)
        for key, value in statement.items():
            if isinstance(value, dict):
                # Merged into the inherited model's dict: each key holds.
                assert all(cfg.model[key][k] == v for k, v in value.items()
                           if k != 'in_channels'), (path, key)
            else:
                assert cfg.model[key] == value, (path, key)
        unsup = cfg.train_dataloader.dataset.datasets[-1].pipeline
        plain_view = cfg.sup_pipeline[1:3]
        assert plain_view[0].type == 'RandomResizedCrop'
        if method == 'pseudo_label':
            assert unsup[1].transforms == [plain_view]
        else:
            assert unsup[1:3] == plain_view
            width = cfg.model.head.in_channels * cfg.model.get('grid', 1)**2
            assert cfg.model.pretext_head.in_channels == width
        assert unsup[-1] == dict(type='SetStream', stream='unsup')


@pytest.mark.parametrize('backbone', ['mobilenetv2', 'vgg16',
                                      'regnetx-1.6gf', 'resnet18',
                                      'resnet101'])
def test_table5_twins_share_their_backbone(backbone):
    """The Table 5 baseline and its semi-supervised config train the same
    backbone (type, depth and ImageNet weights) with the same head width,
    and the semi-supervised projectors are as wide as its features."""
    baseline, semi = (
        Config.fromfile(osp.join(REPO_ROOT, path)) for path in (
            f'configs/msl_baselines/msl_{backbone}.py',
            f'configs/msl_semi/msl_semi_{backbone}.py'))
    assert baseline.model.backbone == semi.model.backbone
    width = baseline.model.head.in_channels
    assert semi.model.head.in_channels == width
    assert semi.model.inter_class_projector.in_channels == width
    assert semi.model.similarity_projector.hid_channels == width
    assert backbone.split('-')[0] in \
        baseline.model.backbone.init_cfg.checkpoint
