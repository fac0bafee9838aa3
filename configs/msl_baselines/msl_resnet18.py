# Table 5 baseline: ResNet-18 (ImageNet weights) + cross entropy.
# Its features are 512-d, as ResNet-34's: only depth and weights change.
_base_ = ['./msl_resnet34.py']

model = dict(
    backbone=dict(
        depth=18,
        init_cfg=dict(checkpoint='checkpoints/resnet18_imagenet.pth')))
