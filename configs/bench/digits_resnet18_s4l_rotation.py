# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's S4L
# rotation row (configs/msl_baselines/msl_resnet50_s4l_rotation.py) on the
# digits semi-supervised config, without its contrastive streams.
_base_ = [
    './digits_resnet18_semi_wo_inter_class.py',
    '../_base_/models/table3_methods.py'
]

feat_channels = 128
model = dict(
    _base_.s4l_rotation_classifier,
    pretext_head=dict(
        _base_.s4l_rotation_classifier.pretext_head,
        in_channels=feat_channels))
# Square crops (the cross-entropy stream's): rotated images keep their shape.
unsup_pipeline = [dict(type='LoadCheckedImageFromFile')] + \
    _base_.sup_pipeline[1:3] + _base_.unsup_stream_tags
train_dataloader = dict(dataset=dict(datasets=[
    _base_.sup_dataset, _base_.inter_class_dataset,
    dict(_base_.unsup_dataset, pipeline=unsup_pipeline)
]))
