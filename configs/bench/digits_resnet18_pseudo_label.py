# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# pseudo-labelling row (configs/msl_baselines/msl_resnet50_pseudo_label.py:
# Lee 2013, alpha 3, threshold 0.95, targets across two plain views of each
# unlabelled image) on the digits semi-supervised config, without its
# contrastive streams.
_base_ = ['./digits_resnet18_semi.py']

model = dict(
    inter_class_projector=None,
    inter_class_loss=None,
    similarity_loss=dict(loss_weight=0.0),
    pseudo_label_loss_weight=3.0,
    pseudo_label_threshold=0.95)

plain_view_pipeline = [
    dict(type='RandomResizedCrop', scale=64, crop_ratio_range=(0.5, 1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
]
unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2, transforms=[plain_view_pipeline]),
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
