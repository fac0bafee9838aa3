# Table 4 "MoCo V2 pretraining + Strong Aug." (paper: 76.63): as
# msl_semi_mocov2_ce_only.py, with the contrastive streams' strong
# augmentation (shape + pixel, configs/msl_semi.py) on the cross-entropy
# stream: the paper's evidence that CE alone cannot learn against it.
_base_ = ['./msl_semi_mocov2_ce_only.py']

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
