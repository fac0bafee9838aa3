# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's CutMix
# row (configs/msl_baselines/msl_resnet50_cutmix.py, alpha 1) on the digits
# baseline.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)))
