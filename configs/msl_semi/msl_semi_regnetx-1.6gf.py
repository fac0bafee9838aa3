# Table 5: RegNetX-1.6GF (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_regnetx-1.6gf.py
_base_ = ['../msl_semi.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='RegNet',
        arch='regnetx_1.6gf',
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/regnetx-1.6gf_imagenet.pth',
            prefix='backbone')),
    head=dict(in_channels=912),
    inter_class_projector=dict(in_channels=912, hid_channels=912),
    similarity_projector=dict(in_channels=912, hid_channels=912))
