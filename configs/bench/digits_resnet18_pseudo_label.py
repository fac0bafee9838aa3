# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# pseudo-labelling row (configs/msl_baselines/msl_resnet50_pseudo_label.py)
# on the digits semi-supervised config, without its contrastive streams.
_base_ = [
    './digits_resnet18_semi_wo_inter_class.py',
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
