# Label-efficiency benchmark, segmentation: the baseline with group
# normalisation (Wu and He, ECCV 2018; 4 groups, which divide every layer's
# 8-128 channels) in place of batch normalisation everywhere, so that no
# layer's output depends on the other images of its batch: the reference
# of textures_deeplabv3plus_semi_gn.py.
# Measured at 5% (benchmarks/LABEL_EFFICIENCY_TEXTURES_GROUP_NORM.md, five
# runs per labelled subset): level with the batch-norm baseline on val
# (52.31 vs 52.03 mIoU) and ahead on test (48.63 vs 46.57), where it is
# level with the shipped semi-supervised setting (48.53).
_base_ = ['./textures_deeplabv3plus_baseline.py']

norm_cfg = dict(type='GN', num_groups=4, requires_grad=True)
model = dict(
    backbone=dict(norm_cfg=norm_cfg),
    decode_head=dict(norm_cfg=norm_cfg),
    auxiliary_head=dict(norm_cfg=norm_cfg))
