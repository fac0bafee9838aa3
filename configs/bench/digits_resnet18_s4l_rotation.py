# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's S4L
# rotation row (configs/msl_baselines/msl_resnet50_s4l_rotation.py: Zhai et
# al. 2019, 4-way rotation prediction on the unlabelled images, w = 1) on the
# digits semi-supervised config, without its contrastive streams.
_base_ = ['./digits_resnet18_semi.py']

model = dict(
    type='S4LClassifier',
    pretext='rotation',
    inter_class_projector=None,
    inter_class_loss=None,
    similarity_projector=None,
    similarity_loss=None,
    pretext_head=dict(type='LinearClsHead', num_classes=4, in_channels=128),
    pretext_loss_weight=1.0)

unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    # Square crops: rotated images keep their shape.
    dict(type='RandomResizedCrop', scale=64, crop_ratio_range=(0.5, 1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='unsup'),
]
sup_batch, unsup_batch = 16, 16
train_dataloader = dict(
    batch_size=sup_batch + unsup_batch,
    dataset=dict(datasets=[
        {{_base_.sup_dataset}},
        dict(
            type='UnlabeledImageDataset',
            data_root={{_base_.data_root}},
            ann_file={{_base_.unsup_dataset.ann_file}},
            pipeline=unsup_pipeline),
    ]),
    sampler=dict(
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='DefaultSampler', shuffle=True),
        ],
        batch_sizes=[sup_batch, unsup_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + unsup_batch)
