# Table 5: ResNet-152 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet152.py
# Its features are 2048-d, as ResNet-50's: only depth and weights change.
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        depth=152,
        init_cfg=dict(checkpoint='checkpoints/resnet152_imagenet.pth')))
