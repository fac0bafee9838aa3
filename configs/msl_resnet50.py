# Baseline of the paper's Table 3: ResNet-50 + cross entropy on MSL.
_base_ = [
    'mmpretrain::_base_/models/resnet50.py',
    '_base_/datasets/msl_surface.py',
    '_base_/schedules/msl_adam_30e.py',
    'mmpretrain::_base_/default_runtime.py',
]
# ImageNet-pretrained weights come from a local file (nothing is fetched):
# put them there or pass
# --cfg-options model.backbone.init_cfg.checkpoint=/path/to/weights.pth
# The official ones, resnet50_8xb32_in1k of mmpretrain's model zoo
# (configs/resnet/metafile.yml), also work as that value (mmengine then
# downloads them):
# https://mmassets.onedl.ai/mmclassification/v0/resnet/resnet50_8xb32_in1k_20210831-ea4938fc.pth
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/resnet50_imagenet.pth',
            prefix='backbone')),
    head=dict(num_classes=24, topk=(1, )))
default_hooks = dict(
    logger=dict(interval=50),
    # Crash-safe saves: a killed job always leaves a checkpoint to resume.
    checkpoint=dict(
        type='AtomicCheckpointHook',
        save_best='accuracy/top1',
        max_keep_ckpts=2),
    # A NaN/inf loss stops training (naming iteration and term) before
    # it is saved; action='skip' drops such steps instead.
    non_finite_loss=dict(type='NonFiniteLossHook'),
    # A head whose num_classes differs from the dataset's classes stops the
    # run, naming both numbers.
    num_class_check=dict(type='NumClassCheckHook'),
    # Random states in checkpoints: a resumed run repeats the original.
    random_state=dict(type='RandomStateHook'))
# SyncBN across GPUs when launched distributed (mmengine converts the model).
sync_bn = 'torch'
