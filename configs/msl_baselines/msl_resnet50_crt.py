# Table 3: Decoupling, cRT (paper: 80.94). Kang et al., "Decoupling
# Representation and Classifier for Long-Tailed Recognition", ICLR 2020
# (arXiv 1910.09217): stage 1 is the instance-balanced baseline
# (configs/msl_resnet50.py); stage 2 keeps its representation frozen,
# re-initialises the linear classifier and retrains it with class-balanced
# sampling for 10 epochs (their schedule length; cosine decay).
#   python tools/train.py configs/msl_resnet50.py
#   python tools/train.py configs/msl_baselines/msl_resnet50_crt.py
# (or --cfg-options model.backbone.init_cfg.checkpoint=<stage-1 .pth>).
_base_ = ['../msl_resnet50.py', '../_base_/models/table3_methods.py']

num_classes = 24
batch_size = num_classes * _base_.class_balanced_sampler.samples_per_class
# Stage 1's last checkpoint (its work dir after 30 epochs).
pretrain_config = 'configs/msl_resnet50.py'
stage1_checkpoint = 'work_dirs/msl_resnet50/epoch_30.pth'

model = dict(
    backbone=dict(
        _base_.frozen_backbone,
        # Only the backbone's weights: the classifier starts afresh.
        init_cfg=dict(
            type='Pretrained', checkpoint=stage1_checkpoint,
            prefix='backbone.')))
train_dataloader = dict(
    batch_size=batch_size,
    sampler=dict(_base_.class_balanced_sampler, _delete_=True))
optim_wrapper = _base_.frozen_backbone_optim_wrapper
param_scheduler = dict(
    _delete_=True, type='CosineAnnealingLR', by_epoch=True, T_max=10)
train_cfg = dict(max_epochs=10)
auto_scale_lr = dict(base_batch_size=batch_size)
