# Table 5: VGG-16 (ImageNet weights, no MoCo v2), semi-supervised.
# Baseline: configs/msl_baselines/msl_vgg16.py
# Its features are 512-d, as ResNet-34's (msl_semi_resnet34.py, which sets
# the head's and the projectors' widths): only the backbone changes.
_base_ = ['./msl_semi_resnet34.py', '../_base_/models/table5_backbones.py']

model = dict(backbone=dict(_base_.vgg16_imagenet, _delete_=True))
