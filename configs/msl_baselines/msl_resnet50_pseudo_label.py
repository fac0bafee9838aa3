# Table 3: pseudo-labelling (paper: 78.64), Lee 2013: alpha 3, threshold
# 0.95, two plain views of each unlabelled image, no inter-class stream
# (the method and its views: configs/_base_/models/table3_methods.py).
_base_ = [
    '../msl_semi/msl_semi_wo_inter_class.py',
    '../_base_/models/table3_methods.py'
]

model = _base_.pseudo_label_classifier
unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2,
         transforms=[_base_.sup_pipeline[1:3]]),
] + _base_.unsup_stream_tags
train_dataloader = dict(dataset=dict(datasets=[
    _base_.sup_dataset, _base_.inter_class_dataset,
    dict(_base_.unsup_dataset, pipeline=unsup_pipeline)
]))
