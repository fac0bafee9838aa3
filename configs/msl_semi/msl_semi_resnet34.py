# Table 5: ResNet-34 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_resnet34.py
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        depth=34,
        init_cfg=dict(checkpoint='checkpoints/resnet34_imagenet.pth')),
    head=dict(in_channels=512),
    inter_class_projector=dict(in_channels=512, hid_channels=512),
    similarity_projector=dict(in_channels=512, hid_channels=512))
