# CPU demo of the AI4Mars baseline: DeepLabV3+ on a narrow ResNet-18, 64 px
# crops of the demo data (tools/make_demo_data.py, then
# tools/dataset_converters/ai4mars_split.py). `make demo` trains its variant
# on real textures, configs/bench/textures_deeplabv3plus_baseline.py.
_base_ = ['../ai4mars_deeplabv3plus_r101.py']
data_root = 'data/demo/ai4mars-dataset-merged-0.1/msl'
crop_size = (64, 64)
norm_cfg = dict(type='BN', requires_grad=True)

model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        depth=18, stem_channels=16, base_channels=16, norm_cfg=norm_cfg),
    decode_head=dict(
        in_channels=128,
        channels=32,
        c1_in_channels=16,
        c1_channels=8,
        dilations=(1, 2, 3, 4),
        norm_cfg=norm_cfg),
    auxiliary_head=dict(in_channels=64, channels=16, norm_cfg=norm_cfg))

train_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='LoadAI4MarsAnnotations'),
    dict(
        type='RandomResize',
        scale=(96, 96),
        ratio_range=(0.75, 1.5),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    # The valid-pixel map too: masked pixels never take pseudo labels.
    dict(type='PackAI4MarsInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(96, 96), keep_ratio=True),
    dict(type='LoadAI4MarsAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2, dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = dict(
    num_workers=2, dataset=dict(data_root=data_root, pipeline=test_pipeline))

max_epochs = 20
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, end=max_epochs,
         by_epoch=True)
]
train_cfg = dict(max_epochs=max_epochs, val_interval=10)
default_hooks = dict(
    logger=dict(interval=5),
    checkpoint=dict(interval=10, max_keep_ckpts=1, save_best=None),
    visualization=dict(type='SegVisualizationHook'))
randomness = dict(seed=0)
