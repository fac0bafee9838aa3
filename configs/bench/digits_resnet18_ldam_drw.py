# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# LDAM-DRW row (configs/msl_baselines/msl_resnet50_ldam_drw.py: Cao et al.
# 2019, max margin 0.5, s 30, re-weighting from the first LR milestone) on the
# digits baseline's 128-d features.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(
    head=dict(
        type='NormedLinearClsHead',
        loss=dict(
            _delete_=True,
            type='LDAMLoss',
            max_margin=0.5,
            scale=30.0,
            drw_beta=0.9999)))
custom_hooks = [
    dict(type='ClassCountsHook'),
    dict(type='DeferredReweightingHook'),
]
