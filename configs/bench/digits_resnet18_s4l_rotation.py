# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's S4L
# rotation row (configs/msl_baselines/msl_resnet50_s4l_rotation.py: Zhai et
# al. 2019, 4-way rotation prediction on the unlabelled images, w = 1) on the
# digits semi-supervised config, without its contrastive streams.
_base_ = ['./digits_resnet18_semi_wo_inter_class.py']

model = dict(
    type='S4LClassifier',
    pretext='rotation',
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
# The two streams of digits_resnet18_semi_wo_inter_class.py, the unlabelled
# images in this method's own pipeline.
train_dataloader = dict(
    dataset=dict(datasets=[
        _base_.sup_dataset,
        dict(_base_.unsup_dataset, pipeline=unsup_pipeline),
    ]))
