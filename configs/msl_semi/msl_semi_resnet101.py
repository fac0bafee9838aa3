# Table 5: ResNet-101 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet101.py
# Its features are 2048-d, as ResNet-50's: only depth and weights change.
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        depth=101,
        init_cfg=dict(checkpoint='checkpoints/resnet101_imagenet.pth')))
