# Table 5 baseline: ResNet-34 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        depth=34,
        init_cfg=dict(checkpoint='checkpoints/resnet34_imagenet.pth')),
    head=dict(in_channels=512))
