# The paper's segmentation optimiser (Sec. 6.2): SGD lr 0.01, poly decay,
# batch 16; 180 epochs (the length of the three stages of the
# semi-supervised schedule, so that baselines get the same budget).
max_epochs = 180
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0005),
    clip_grad=None)
param_scheduler = [
    dict(
        type='PolyLR',
        eta_min=1e-4,
        power=0.9,
        begin=0,
        end=max_epochs,
        by_epoch=True)
]
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=True),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # Crash-safe saves: a killed job always leaves a checkpoint to resume.
    checkpoint=dict(
        type='AtomicCheckpointHook',
        by_epoch=True,
        interval=10,
        max_keep_ckpts=3,
        save_best='mIoU'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'),
    # A NaN/inf loss stops training (naming iteration and term) before
    # it is saved; action='skip' drops such steps instead.
    non_finite_loss=dict(type='NonFiniteLossHook'),
    # A head whose num_classes differs from the dataset's classes stops the
    # run, naming both numbers.
    num_class_check=dict(type='NumClassCheckHook'),
    # A class without a labelled pixel in the first pass over the training
    # batches is named in a warning.
    missing_class_warning=dict(type='MissingClassWarningHook'),
    # Random states in checkpoints: a resumed run repeats the original.
    random_state=dict(type='RandomStateHook'))
auto_scale_lr = dict(base_batch_size=16)
