# Table 5 baseline: ResNet-101 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        depth=101,
        init_cfg=dict(checkpoint='checkpoints/resnet101_imagenet.pth')),
    head=dict(in_channels=2048))
