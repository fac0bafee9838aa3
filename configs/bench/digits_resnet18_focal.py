# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's focal
# loss row (configs/msl_baselines/msl_resnet50_focal.py: Lin et al. 2017,
# gamma 2, alpha 0.25) on the digits baseline.
_base_ = [
    './digits_resnet18_baseline.py', '../_base_/models/table3_methods.py'
]

model = dict(head=dict(loss=dict(_base_.focal_loss, _delete_=True)))
