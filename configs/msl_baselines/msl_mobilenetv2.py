# Table 5 baseline: MobileNetV2 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='MobileNetV2',
        widen_factor=1.0,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/mobilenetv2_imagenet.pth',
            prefix='backbone')),
    head=dict(in_channels=1280))
