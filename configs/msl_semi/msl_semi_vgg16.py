# Table 5: VGG-16 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_vgg16.py
_base_ = ['../msl_semi.py']

# Convolutional stages only (out of the last pooling), then global
# average pooling and a linear head, as for the other backbones.
model = dict(
    backbone=dict(
        _delete_=True,
        type='VGG',
        depth=16,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/vgg16_imagenet.pth',
            prefix='backbone')),
    head=dict(in_channels=512),
    inter_class_projector=dict(in_channels=512, hid_channels=512),
    similarity_projector=dict(in_channels=512, hid_channels=512))
