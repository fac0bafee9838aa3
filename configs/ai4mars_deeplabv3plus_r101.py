# Baseline of the paper's Table 9: DeepLabV3+ ResNet-101 on AI4Mars, without
# ImageNet pretraining (Sec. 6.2), SGD lr 0.01 poly, batch 16.
_base_ = [
    '_base_/onedl_mmseg_scope.py',
    'mmseg::_base_/models/deeplabv3plus_r50-d8.py',
    '_base_/datasets/ai4mars.py',
    '_base_/schedules/ai4mars_sgd_poly.py',
    'mmseg::_base_/default_runtime.py',
]
crop_size = (512, 512)
model = dict(
    data_preprocessor=dict(size=crop_size),
    pretrained=None,
    backbone=dict(depth=101),
    # Cross entropy averaged over labelled pixels only: 45% of AI4Mars
    # pixels carry no label.
    decode_head=dict(num_classes=4, loss_decode=dict(avg_non_ignore=True)),
    auxiliary_head=dict(num_classes=4, loss_decode=dict(avg_non_ignore=True)))
log_processor = dict(by_epoch=True)
# SyncBN across GPUs: the mmseg base model already uses SyncBN layers, which
# act as plain BN in a single process.
