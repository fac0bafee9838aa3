# AI4Mars (Swan et al. 2021), MSL Navcam terrain: soil, bedrock, sand,
# big rock; 255 = no label. Split by time with
# tools/dataset_converters/ai4mars_split.py, which writes splits/*.txt.
# Usable with any mmseg model config.
custom_imports = dict(imports=['mars_mm'], allow_failed_imports=False)

dataset_type = 'AI4MarsDataset'
# The classes. tools/train.py and tools/test.py carry an override
# (--cfg-options num_classes=N) into every head; data_root likewise into
# every dataset (mars_mm.utils.merge_cfg_options).
num_classes = 4
data_root = 'data/ai4mars-dataset-merged-0.1/msl'
crop_size = (512, 512)
# Rover (mxy) and range (rng-30m) masks: set a path to None to switch it off.
data_prefix = dict(
    img_path='images/edr',
    seg_map_path='labels/train',
    rover_mask_path='images/mxy',
    range_mask_path='images/rng-30m')

train_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='LoadAI4MarsAnnotations'),
    dict(
        type='RandomResize',
        scale=(1024, 1024),
        ratio_range=(0.5, 2.0),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    # Also packs gt_valid_mask (rover/range-masked pixels): pseudo labels
    # are never given to masked pixels.
    dict(type='PackAI4MarsInputs'),
]
# Test pipelines start with the stock loader: mmseg's inferencer finds it by
# name and puts its own in its place.
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(1024, 1024), keep_ratio=True),
    # Labels are loaded after the resize: metrics use the original size.
    dict(type='LoadAI4MarsAnnotations'),
    dict(type='PackSegInputs'),
]
# Test-time augmentation (`tools/test.py --tta`, ours or mmseg's), mmseg's
# convention: the image at six scales (factors of its own size, which is the
# test scale here) x horizontal flip, softmax scores averaged by
# `tta_model = dict(type='SegTTAModel')` of mmseg's default runtime.
img_ratios = [0.5, 0.75, 1.0, 1.25, 1.5, 1.75]
tta_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='Resize', scale_factor=r, keep_ratio=True)
                for r in img_ratios
            ],
            [
                dict(type='RandomFlip', prob=0., direction='horizontal'),
                dict(type='RandomFlip', prob=1., direction='horizontal')
            ],
            [dict(type='LoadAI4MarsAnnotations')],
            [dict(type='PackSegInputs')],
        ])
]

# Training workers start afresh each epoch, seeded from the seed alone: a
# resumed run then repeats the original exactly (RandomStateHook); persistent
# workers would carry random states that no checkpoint holds.
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        data_prefix=data_prefix,
        ann_file='splits/train.txt',
        pipeline=train_pipeline))
# Two-source batches of the semi-supervised configs: labelled images and,
# as a second source, whole unlabelled images, each source shuffled
# (`batch_sizes=[labelled, unlabelled]`, `batch_size` their sum). On
# AI4Mars (paper Table 8), 8 + 8 a batch: the training images with their
# labels and the same images without them.
two_source_sampler = dict(
    type='MultiSourceSampler',
    source_samplers=[
        dict(type='DefaultSampler', shuffle=True),
        dict(type='DefaultSampler', shuffle=True),
    ])
labelled_and_unlabeled_train_dataloader = dict(
    train_dataloader,
    dataset=dict(
        type='ConcatDataset',
        datasets=[
            train_dataloader['dataset'],
            dict(
                type=dataset_type,
                data_root=data_root,
                data_prefix=data_prefix,
                unlabeled=True,
                pipeline=train_pipeline),
        ]),
    sampler=dict(two_source_sampler, batch_sizes=[8, 8]))
# Validation: the training dataset on splits/val.txt, with the test pipeline,
# one image at a time (sizes differ), in order; its workers may persist.
val_dataloader = dict(
    train_dataloader,
    batch_size=1,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        train_dataloader['dataset'],
        ann_file='splits/val.txt',
        pipeline=test_pipeline))
# The paper's test set: the last 40% of labelled images by time. For the
# release's expert labels instead, use
# data_prefix.seg_map_path='labels/test/masked-gold-min3-100agree',
# seg_map_suffix='_merged.png' and no ann_file.
test_dataloader = dict(
    val_dataloader,
    dataset=dict(val_dataloader['dataset'], ann_file='splits/test.txt'))
# aAcc, mAcc, mIoU and fwIoU (the paper's "FACC"), with the per-class table.
val_evaluator = dict(type='FrequencyWeightedIoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
