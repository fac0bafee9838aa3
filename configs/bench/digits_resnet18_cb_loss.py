# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# class-balanced loss row (configs/msl_baselines/msl_resnet50_cb_loss.py: Cui
# et al. 2019, beta 0.9999) on the digits baseline. The digits classes are
# nearly balanced, so the weights are nearly equal: the row checks that the
# remedy costs nothing where there is no long tail.
_base_ = ['./digits_resnet18_baseline.py']

model = dict(
    head=dict(
        loss=dict(_delete_=True, type='ClassBalancedLoss', beta=0.9999)))
custom_hooks = [dict(type='ClassCountsHook')]
