# Table 5 baseline: RegNetX-1.6GF (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py', '../_base_/models/table5_backbones.py']

model = dict(
    backbone=dict(_base_.regnetx_imagenet, _delete_=True),
    head=dict(in_channels=912))
