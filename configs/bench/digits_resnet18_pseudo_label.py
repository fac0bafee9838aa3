# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# pseudo-labelling row (configs/msl_baselines/msl_resnet50_pseudo_label.py:
# Lee 2013, alpha 3, threshold 0.95, targets across two plain views of each
# unlabelled image) on the digits semi-supervised config, without its
# contrastive streams.
_base_ = ['./digits_resnet18_semi_wo_inter_class.py']

model = dict(
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
# The two streams of digits_resnet18_semi_wo_inter_class.py, the unlabelled
# images in this method's own pipeline.
train_dataloader = dict(
    dataset=dict(datasets=[
        _base_.sup_dataset,
        dict(_base_.unsup_dataset, pipeline=unsup_pipeline),
    ]))
