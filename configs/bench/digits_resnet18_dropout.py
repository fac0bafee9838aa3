# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# dropout row (configs/msl_baselines/msl_resnet50_dropout.py: a 512-d hidden
# layer, dropout 0.5) on the digits baseline's 128-d features.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(
    head=dict(
        type='StackedLinearClsHead', mid_channels=[512], dropout_rate=0.5))
