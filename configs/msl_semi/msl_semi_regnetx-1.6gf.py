# Table 5: RegNetX-1.6GF (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_regnetx-1.6gf.py
_base_ = ['../msl_semi.py', '../_base_/models/table5_backbones.py']

model = dict(
    backbone=dict(_base_.regnetx_imagenet, _delete_=True),
    head=dict(in_channels=912),
    inter_class_projector=dict(in_channels=912, hid_channels=912),
    similarity_projector=dict(in_channels=912, hid_channels=912))
