# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# LDAM-DRW row (configs/msl_baselines/msl_resnet50_ldam_drw.py: Cao et al.
# 2019, max margin 0.5, s 30, re-weighting from the first LR milestone) on the
# digits baseline's 128-d features.
_base_ = [
    './digits_resnet18_baseline.py', '../_base_/models/table3_methods.py'
]

model = dict(
    head=dict(
        type='NormedLinearClsHead',
        loss=dict(_base_.ldam_loss, _delete_=True)))
custom_hooks = _base_.ldam_drw_hooks
