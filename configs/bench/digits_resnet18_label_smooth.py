# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): label smoothing
# (configs/msl_baselines/msl_resnet50_label_smooth.py, epsilon 0.1) on the
# digits baseline.
_base_ = [
    './digits_resnet18_baseline.py', '../_base_/models/table3_methods.py'
]

model = dict(
    head=dict(loss=dict(_base_.label_smooth_loss, _delete_=True)))
