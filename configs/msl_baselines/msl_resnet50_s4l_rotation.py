# Table 3: S4L, rotation (paper: 75.19), Zhai et al. 2019: 4-way rotation
# prediction on one plain view of each unlabelled image, w = 1, no
# inter-class stream (configs/_base_/models/table3_methods.py). The
# rotation head learns at the classification head's rate.
_base_ = [
    '../msl_semi/msl_semi_wo_inter_class.py',
    '../_base_/models/table3_methods.py'
]

feat_channels = 2048
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
