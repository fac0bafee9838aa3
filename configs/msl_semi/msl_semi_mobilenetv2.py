# Table 5: MobileNetV2 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_mobilenetv2.py
_base_ = ['../msl_semi.py', '../_base_/models/table5_backbones.py']

model = dict(
    backbone=dict(_base_.mobilenetv2_imagenet, _delete_=True),
    head=dict(in_channels=1280),
    inter_class_projector=dict(in_channels=1280, hid_channels=1280),
    similarity_projector=dict(in_channels=1280, hid_channels=1280))
