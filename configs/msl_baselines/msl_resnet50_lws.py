# Table 3: Decoupling, LWS (paper: 81.30). Kang et al., "Decoupling
# Representation and Classifier for Long-Tailed Recognition", ICLR 2020
# (arXiv 1910.09217): stage 1 is the instance-balanced baseline
# (configs/msl_resnet50.py); stage 2 keeps its representation and its
# classifier frozen and learns one scale f_j per class (w_j -> f_j w_j,
# LWSClsHead) with class-balanced sampling for 10 epochs.
#   python tools/train.py configs/msl_resnet50.py
#   python tools/train.py configs/msl_baselines/msl_resnet50_lws.py
# (or --cfg-options model.init_cfg.checkpoint=<stage-1 .pth>).
_base_ = ['../msl_resnet50.py']

num_classes = 24
samples_per_class = 2
pretrain_config = 'configs/msl_resnet50.py'
stage1_checkpoint = 'work_dirs/msl_resnet50/epoch_30.pth'

model = dict(
    # The whole stage-1 model, backbone and classifier (the scales, new,
    # start at 1).
    init_cfg=dict(type='Pretrained', checkpoint=stage1_checkpoint),
    backbone=dict(frozen_stages=4, norm_eval=True, init_cfg=None),
    head=dict(
        _delete_=True,
        type='LWSClsHead',
        num_classes=num_classes,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )))
train_dataloader = dict(
    batch_size=num_classes * samples_per_class,
    sampler=dict(
        _delete_=True,
        type='ClassBalancedSampler',
        samples_per_class=samples_per_class))
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.0)}))
param_scheduler = dict(
    _delete_=True, type='CosineAnnealingLR', by_epoch=True, T_max=10)
train_cfg = dict(max_epochs=10)
auto_scale_lr = dict(base_batch_size=num_classes * samples_per_class)
