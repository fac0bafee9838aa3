# CPU demo of the semi-supervised classifier (configs/msl_semi.py) beside the
# baseline demo it extends: the same narrow ResNet-18 from scratch, 64 px
# images, schedule and evaluation, plus the inter-class contrastive stream
# (24 classes x 2 strong views) and the similarity stream on the demo's
# unlabelled images. `make demo` trains both on real digits
# (configs/bench/digits_resnet18_{baseline,semi}.py) and compares their top-1.
_base_ = [
    './msl_resnet18_demo.py',
    '../_base_/models/semi_supervised_classifier.py'
]
data_root = 'data/demo/msl-images'
unlabeled_root = 'data/demo/msl-unlabeled'
reshuffle_seed = 0
num_classes = 24
img_scale = 64

# The method's streams (configs/_base_/models/semi_supervised_classifier.py)
# with projectors as wide as this ResNet-18's 128 output channels.
model = dict(
    _base_.semi_supervised_classifier,
    inter_class_projector=dict(
        _base_.semi_supervised_classifier.inter_class_projector,
        in_channels=128,
        hid_channels=128),
    similarity_projector=dict(
        _base_.semi_supervised_classifier.similarity_projector,
        in_channels=128,
        hid_channels=128))

# As in configs/msl_semi.py, at the demo's image size and without hue
# jitter: the demo's synthetic classes differ by hue (14 degrees apart), so
# hue jitter would make views of one class look like another class.
strong_view_pipeline = [dict(type='StrongView', scale=img_scale, hue=0.0)]
# The baseline demo's training pipeline, tagged.
sup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='RandomResizedCrop', scale=img_scale,
         crop_ratio_range=(0.5, 1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='sup'),
]
inter_class_pipeline = [dict(type='LoadCheckedImageFromFile')] + \
    strong_view_pipeline + [
        dict(type='PackInputs'),
        dict(type='SetStream', stream='inter_class'),
    ]
unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2, transforms=[strong_view_pipeline]),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='unsup'),
]

sup_batch, inter_class_batch, unsup_batch = 16, num_classes * 2, 16
train_dataloader = dict(
    batch_size=sup_batch + inter_class_batch + unsup_batch,
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        ignore_keys=['classes', 'raw_ids'],
        datasets=[
            dict(
                type='MSLSurfaceDataset',
                data_root=data_root,
                split='train',
                reshuffle_seed=reshuffle_seed,
                pipeline=sup_pipeline),
            dict(
                type='MSLSurfaceDataset',
                data_root=data_root,
                split='train',
                reshuffle_seed=reshuffle_seed,
                pipeline=inter_class_pipeline),
            dict(
                type='UnlabeledImageDataset',
                data_root=unlabeled_root,
                pipeline=unsup_pipeline),
        ]),
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='ClassBalancedSampler', samples_per_class=2),
            dict(type='DefaultSampler', shuffle=True),
        ],
        batch_sizes=[sup_batch, inter_class_batch, unsup_batch]))

# From scratch, the backbone and the projectors learn at the head's rate.
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'projector': dict(lr_mult=1.0)}))
auto_scale_lr = dict(base_batch_size=sup_batch + inter_class_batch +
                     unsup_batch)
