# Table 5 baseline: ResNet-152 (ImageNet weights) + cross entropy.
# Its features are 2048-d, as ResNet-50's: only depth and weights change.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        depth=152,
        init_cfg=dict(checkpoint='checkpoints/resnet152_imagenet.pth')))
