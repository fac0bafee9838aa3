# Beyond the paper (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config (L_s + L_u) whose cross-entropy stream reads the
# contrastive streams' strong views instead of the baseline's light crops.
# Table 4 "+ Strong Aug." hurts the paper's MoCo-started ResNet-50 (76.63 vs
# 81.56), but at demo scale, from scratch on 39 digits, CE on strong views
# alone gained +5.0 top-1 on test (benchmarks/TABLES_3_4_DIGITS.md); this
# variant asks whether the streams add to it. Chosen or not on val.
_base_ = ['./digits_resnet18_semi.py']

# The cross-entropy stream's pipeline, the strong view in place of its crop
# and flip.
strong_sup_pipeline = [
    _base_.sup_pipeline[0],
    dict(type='Compose', transforms=_base_.strong_view_pipeline)
] + _base_.sup_pipeline[3:]
train_dataloader = dict(
    dataset=dict(datasets=[
        dict(_base_.sup_dataset, pipeline=strong_sup_pipeline),
        _base_.inter_class_dataset,
        _base_.unsup_dataset,
    ]))
