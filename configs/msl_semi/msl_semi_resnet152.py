# Table 5: ResNet-152 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet152.py
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        depth=152,
        init_cfg=dict(checkpoint='checkpoints/resnet152_imagenet.pth')),
    head=dict(in_channels=2048),
    inter_class_projector=dict(in_channels=2048, hid_channels=2048),
    similarity_projector=dict(in_channels=2048, hid_channels=2048))
