# Self-supervised MoCo v2 (Chen et al. 2020) on unlabelled rover images: the
# start of the paper's best classifier (Sec. 6.1; Table 4 "MoCo v2 init",
# and "all" = 95.86 top-1 with the semi-supervised fine-tuning of
# configs/msl_semi_mocov2.py). The paper fine-tunes mmselfsup's ImageNet
# MoCo v2 ResNet-50; this config is mmpretrain's own MoCo v2 (ResNet-50,
# two-view pipeline, SGD lr 0.03 cosine, 200 epochs, batch 8 x 32) on the
# images of UnlabeledImageDataset instead of ImageNet.
#   python tools/train.py configs/selfsup/mocov2_resnet50_msl-unlabeled.py
# then fine-tune from its last checkpoint (README, "Self-supervised
# pretraining on your unlabelled images").
_base_ = ['mmpretrain::mocov2/mocov2_resnet50_8xb32-coslr-200e_in1k.py']
custom_imports = dict(imports=['mars_mm'], allow_failed_imports=False)

# Any folder tree of rover images (the paper: ~34k PDS MSL colour images).
data_root = 'data/msl-unlabeled'

# 16384 keys (64 batches of 256) instead of 65536: fewer than the ~34k
# images, so the queue never holds an older key of the query's own image.
model = dict(queue_len=16384)

# MoCo v2's two views; the loader names (and the dataset skips) unreadable
# files among downloaded images.
train_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2,
         transforms=[{{_base_.view_pipeline}}]),
    dict(type='PackInputs'),
]
# Workers start afresh each epoch (exact resume with RandomStateHook).
train_dataloader = dict(
    persistent_workers=False,
    # As in the base, without the `_scope_` key that a base read through
    # `mmpretrain::` adds and the collate function does not take.
    collate_fn=dict(_delete_=True, type='default_collate'),
    dataset=dict(
        _delete_=True,
        type='UnlabeledImageDataset',
        data_root=data_root,
        pipeline=train_pipeline))
default_hooks = dict(
    logger=dict(interval=50),
    # Crash-safe saves: a killed job always leaves a checkpoint to resume.
    checkpoint=dict(type='AtomicCheckpointHook'),
    # A NaN/inf loss stops training (naming iteration and term) before
    # it is saved; action='skip' drops such steps instead.
    non_finite_loss=dict(type='NonFiniteLossHook'),
    # Random states in checkpoints: a resumed run repeats the original.
    random_state=dict(type='RandomStateHook'))
