# Table 5 baseline: ResNet-18 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        depth=18,
        init_cfg=dict(checkpoint='checkpoints/resnet18_imagenet.pth')),
    head=dict(in_channels=512))
