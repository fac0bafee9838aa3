# Table 5 baseline: VGG-16 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

# Convolutional stages only, then global average pooling and a linear
# head, as for the other backbones.
model = dict(
    backbone=dict(
        _delete_=True,
        type='VGG',
        depth=16,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/vgg16_imagenet.pth',
            prefix='backbone')),
    head=dict(in_channels=512))
