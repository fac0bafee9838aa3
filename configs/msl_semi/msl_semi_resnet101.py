# Table 5: ResNet-101 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet101.py
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        depth=101,
        init_cfg=dict(checkpoint='checkpoints/resnet101_imagenet.pth')),
    head=dict(in_channels=2048),
    inter_class_projector=dict(in_channels=2048, hid_channels=2048),
    similarity_projector=dict(in_channels=2048, hid_channels=2048))
