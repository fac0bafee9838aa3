# CPU demo of the MoCo v2 pretraining (configs/selfsup/
# mocov2_resnet50_msl-unlabeled.py; paper Sec. 6.1, Table 4 "MoCo v2
# init") on the demo's unlabelled images (tools/make_demo_data.py): the
# narrow ResNet-18 of the classification demos, 64 px views, batch 16, 200
# epochs as MoCo v2 (600 iterations, about 30 s on two CPU cores).
# configs/demo/msl_semi_mocov2_demo.py fine-tunes from its last checkpoint.
_base_ = ['../selfsup/mocov2_resnet50_msl-unlabeled.py']
data_root = 'data/demo/msl-unlabeled'
max_epochs = 200

# The queue holds two batches of keys: fewer than the 48 demo images.
model = dict(
    queue_len=32,
    backbone=dict(depth=18, stem_channels=16, base_channels=16),
    neck=dict(in_channels=128, hid_channels=128))

# MoCo v2's views at 64 px and without hue jitter: the demo's synthetic
# classes differ by hue (as in configs/demo/msl_semi_demo.py).
view_pipeline = [
    dict(
        type='RandomResizedCrop',
        scale=64,
        crop_ratio_range=(0.2, 1.),
        backend='pillow'),
    dict(
        type='RandomApply',
        transforms=[
            dict(
                type='ColorJitter',
                brightness=0.4,
                contrast=0.4,
                saturation=0.4,
                hue=0.0)
        ],
        prob=0.8),
    dict(
        type='RandomGrayscale',
        prob=0.2,
        keep_channels=True,
        channel_weights=(0.114, 0.587, 0.2989)),
    dict(
        type='GaussianBlur',
        magnitude_range=(0.1, 2.0),
        magnitude_std='inf',
        prob=0.5),
    dict(type='RandomFlip', prob=0.5),
]
train_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2, transforms=[view_pipeline]),
    dict(type='PackInputs'),
]
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))

param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=True, begin=0, end=max_epochs)
]
train_cfg = dict(max_epochs=max_epochs)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(interval=max_epochs, max_keep_ckpts=1))
randomness = dict(seed=0)
