# Table 5 baseline: VGG-16 (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py', '../_base_/models/table5_backbones.py']

model = dict(
    backbone=dict(_base_.vgg16_imagenet, _delete_=True),
    head=dict(in_channels=512))
