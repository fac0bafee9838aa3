# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): label smoothing
# (configs/msl_baselines/msl_resnet50_label_smooth.py, epsilon 0.1) on the
# digits baseline.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(
    head=dict(
        loss=dict(
            _delete_=True,
            type='LabelSmoothLoss',
            label_smooth_val=0.1,
            mode='original',
            loss_weight=1.0)))
