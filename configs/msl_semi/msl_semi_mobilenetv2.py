# Table 5: MobileNetV2 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_mobilenetv2.py
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='MobileNetV2',
        widen_factor=1.0,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/mobilenetv2_imagenet.pth',
            prefix='backbone')),
    head=dict(in_channels=1280),
    inter_class_projector=dict(in_channels=1280, hid_channels=1280),
    similarity_projector=dict(in_channels=1280, hid_channels=1280))
