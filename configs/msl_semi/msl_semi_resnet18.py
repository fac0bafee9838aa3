# Table 5: ResNet-18 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet18.py
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        depth=18,
        init_cfg=dict(checkpoint='checkpoints/resnet18_imagenet.pth')),
    head=dict(in_channels=512),
    inter_class_projector=dict(in_channels=512, hid_channels=512),
    similarity_projector=dict(in_channels=512, hid_channels=512))
