# Table 5 baseline: ResNet-152 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        depth=152,
        init_cfg=dict(checkpoint='checkpoints/resnet152_imagenet.pth')),
    head=dict(in_channels=2048))
