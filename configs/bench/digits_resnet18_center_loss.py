# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's center
# loss row (configs/msl_baselines/msl_resnet50_center_loss.py: Wen et al.
# 2016, lambda 0.003) on the digits baseline's 128-d features.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(
    head=dict(
        type='MetricLearningClsHead',
        metric_loss=dict(
            type='CenterLoss',
            num_classes={{_base_.num_classes}},
            feat_dim=128,
            loss_weight=0.003)))
