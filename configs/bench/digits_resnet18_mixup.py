# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's MixUp
# row (configs/msl_baselines/msl_resnet50_mixup.py, alpha 0.2) on the digits
# baseline.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))
