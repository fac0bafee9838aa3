# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 4's
# "+ Strong Aug." row (configs/msl_semi/msl_semi_mocov2_strong_aug.py, here
# from scratch): cross entropy alone, on the contrastive streams' strong
# views.
_base_ = ['./digits_resnet18_semi_ce_only.py']

# The cross-entropy stream's pipeline, the strong view in place of its crop
# and flip.
strong_sup_pipeline = [
    _base_.sup_pipeline[0],
    dict(type='Compose', transforms=_base_.strong_view_pipeline)
] + _base_.sup_pipeline[3:]
train_dataloader = dict(dataset=dict(datasets=[
    dict(_base_.sup_dataset, pipeline=strong_sup_pipeline),
    _base_.inter_class_dataset, _base_.unsup_dataset
]))
