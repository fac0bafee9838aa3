# Table 5 baseline: RegNetX-1.6GF (ImageNet weights) + cross entropy.
_base_ = ['../msl_resnet50.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='RegNet',
        arch='regnetx_1.6gf',
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/regnetx-1.6gf_imagenet.pth',
            prefix='backbone')),
    head=dict(in_channels=912))
