# Table 5: ResNet-18 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet18.py
# Its features are 512-d, as ResNet-34's: only depth and weights change.
_base_ = ['./msl_semi_resnet34.py']

model = dict(
    backbone=dict(
        depth=18,
        init_cfg=dict(checkpoint='checkpoints/resnet18_imagenet.pth')))
