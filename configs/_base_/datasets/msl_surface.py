# MSL surface dataset (Wagstaff et al. 2018), 24 classes, split by sol.
# Usable with any mmpretrain model config.
custom_imports = dict(imports=['mars_mm'], allow_failed_imports=False)

dataset_type = 'MSLSurfaceDataset'
# The classes. tools/train.py and tools/test.py carry an override
# (--cfg-options num_classes=N) into the head, the data preprocessor and the
# class-balanced batches; data_root likewise into every dataset
# (mars_mm.utils.merge_cfg_options).
num_classes = 24
data_root = 'data/msl-images'
# The paper re-splits train+val at random (Sec. 6.1); the test split (later
# sols) is kept. Set to None for the release's own train/val split.
reshuffle_seed = 0

data_preprocessor = dict(
    num_classes=num_classes,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
# Test pipelines start with the stock loader: mmpretrain's and mmseg's
# inferencers find it by name and put their own in its place.
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='PackInputs'),
]

# Training workers start afresh each epoch, seeded from the seed alone: a
# resumed run then repeats the original exactly (RandomStateHook); persistent
# workers would carry random states that no checkpoint holds.
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=False,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        reshuffle_seed=reshuffle_seed,
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True))
# Validation: the training dataset on the val split, with the test pipeline,
# in order; its workers may persist (no random state to resume).
val_dataloader = dict(
    train_dataloader,
    batch_size=32,
    persistent_workers=True,
    dataset=dict(
        train_dataloader['dataset'], split='val', pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False))
val_evaluator = [
    dict(type='Accuracy', topk=(1, )),
    dict(type='SingleLabelMetric', items=('precision', 'recall', 'f1-score'))
]
# The test split is fixed by sol (reshuffle_seed re-splits train/val only).
test_dataloader = dict(
    val_dataloader, dataset=dict(val_dataloader['dataset'], split='test'))
test_evaluator = val_evaluator
