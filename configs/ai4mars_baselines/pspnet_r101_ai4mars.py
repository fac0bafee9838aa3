# Stock mmseg PSPNet ResNet-101 on AI4Mars, trained as the paper's
# DeepLabV3+ baseline (configs/ai4mars_deeplabv3plus_r101.py): no ImageNet
# pretraining, SGD lr 0.01 poly, batch 16, 180 epochs, mmseg's FCN
# auxiliary head kept.
_base_ = [
    '../_base_/onedl_mmseg_scope.py',
    'mmseg::_base_/models/pspnet_r50-d8.py',
    '../_base_/datasets/ai4mars.py',
    '../_base_/schedules/ai4mars_sgd_poly.py',
    'mmseg::_base_/default_runtime.py',
]
crop_size = (512, 512)
model = dict(
    data_preprocessor=dict(size=crop_size),
    pretrained=None,
    backbone=dict(depth=101),
    decode_head=dict(num_classes=4),
    auxiliary_head=dict(num_classes=4))
log_processor = dict(by_epoch=True)
