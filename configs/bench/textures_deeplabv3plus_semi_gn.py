# Label-efficiency benchmark, segmentation: the semi-supervised config with
# group normalisation (4 groups) in place of batch normalisation, as
# textures_deeplabv3plus_baseline_gn.py, its reference: the labelled and
# unlabelled images of a batch no longer share normalisation statistics.
# Measured at 5% (benchmarks/LABEL_EFFICIENCY_TEXTURES_GROUP_NORM.md, five
# runs per labelled subset, against the group-normalised baseline): loses,
# val -0.88 +- 1.25 (1/5 subsets won), test -2.26 +- 1.82 (0/5): without
# batch statistics to share, the method's streams do not help here.
_base_ = ['./textures_deeplabv3plus_semi.py']

norm_cfg = dict(type='GN', num_groups=4, requires_grad=True)
model = dict(
    backbone=dict(norm_cfg=norm_cfg),
    decode_head=dict(norm_cfg=norm_cfg),
    auxiliary_head=[
        dict(_base_.model.auxiliary_head[0], norm_cfg=norm_cfg),
        dict(_base_.model.auxiliary_head[1], norm_cfg=norm_cfg),
    ])
