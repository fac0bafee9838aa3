# The non-ResNet backbones of paper Table 5 (mmpretrain's), each with its
# ImageNet weights from a local file: convolutional stages only, then, as
# for the ResNets, global average pooling and a linear head. Only top-level
# keys, so that a baseline (configs/msl_baselines/) and its semi-supervised
# twin (configs/msl_semi/) state a backbone once:
#   model = dict(backbone=dict(_base_.vgg16_imagenet, _delete_=True), ...)
# The weights' entries are those of mmpretrain classifiers ("backbone.*").
imagenet_init = dict(type='Pretrained', prefix='backbone')
mobilenetv2_imagenet = dict(
    type='MobileNetV2', widen_factor=1.0, init_cfg=dict(
        imagenet_init, checkpoint='checkpoints/mobilenetv2_imagenet.pth'))
vgg16_imagenet = dict(
    type='VGG', depth=16, init_cfg=dict(
        imagenet_init, checkpoint='checkpoints/vgg16_imagenet.pth'))
regnetx_imagenet = dict(
    type='RegNet', arch='regnetx_1.6gf', init_cfg=dict(
        imagenet_init, checkpoint='checkpoints/regnetx-1.6gf_imagenet.pth'))
