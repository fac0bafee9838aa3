# Stock mmseg SegFormer MiT-B0 on AI4Mars: the dataset and the 180 epochs of
# the paper's baselines, with mmseg's SegFormer optimiser (AdamW lr 6e-5,
# head lr x10, 1500-iteration warm-up, linear decay), since SGD lr 0.01
# does not suit transformers. No pretraining, as for the other baselines;
# for ImageNet weights set model.backbone.init_cfg=dict(type='Pretrained',
# checkpoint=<mit_b0 checkpoint>) as mmseg's segformer configs do.
_base_ = [
    '../_base_/onedl_mmseg_scope.py',
    'mmseg::_base_/models/segformer_mit-b0.py',
    '../_base_/datasets/ai4mars.py',
    '../_base_/schedules/ai4mars_sgd_poly.py',
    'mmseg::_base_/default_runtime.py',
]
crop_size = (512, 512)
max_epochs = 180
model = dict(
    data_preprocessor=dict(size=crop_size), decode_head=dict(num_classes=4))
optim_wrapper = dict(
    _delete_=True,
    type='OptimWrapper',
    optimizer=dict(
        type='AdamW', lr=0.00006, betas=(0.9, 0.999), weight_decay=0.01),
    paramwise_cfg=dict(
        custom_keys={
            'pos_block': dict(decay_mult=0.),
            'norm': dict(decay_mult=0.),
            'head': dict(lr_mult=10.)
        }))
param_scheduler = [
    dict(
        type='LinearLR', start_factor=1e-6, by_epoch=False, begin=0,
        end=1500),
    dict(
        type='PolyLR',
        eta_min=0.0,
        power=1.0,
        begin=0,
        end=max_epochs,
        by_epoch=True)
]
log_processor = dict(by_epoch=True)
