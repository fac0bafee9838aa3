# The paper's semi-supervised classifier on MSL (Sec. 4 and 6.1; Table 3
# "ours"): ResNet-50 shared by three streams, each with its own batch:
#   sup          16 labelled images, plain augmentation, cross entropy (Eq. 4)
#   inter_class  24 classes x 2 labelled images, strong augmentation, MLP
#                projector, inter-class contrastive loss (Eq. 2), weight 1
#   unsup        16 unlabelled images x 2 strong views, MLP projector,
#                similarity loss (Eq. 3), weight 0.2
# Adam, lr 1e-3 for the classification head and 1e-6 for the backbone and
# both projectors, 30 epochs, x0.1 at 20 and 25 (from the base schedule).
#
# Weights come from a local file (nothing is fetched). As it is, the
# ImageNet weights of the baseline (Table 4 "L_s + L_u without MoCo init");
# the paper's best start is MoCo v2 (e.g. mmpretrain's mocov2_resnet50
# checkpoint, keys prefixed "backbone."), Table 4 "all":
#   --cfg-options model.backbone.init_cfg.checkpoint=checkpoints/mocov2.pth
# Other Table 4 rows: configs/msl_semi/msl_semi_wo_*.py. Tables 6-7 (loss
# weights, lambda_s and lambda_u):
#   --cfg-options model.inter_class_loss.loss_weight=0.5
#   --cfg-options model.similarity_loss.loss_weight=0.1
# Table 5 (other backbones): configs/msl_semi/msl_semi_<backbone>.py.
_base_ = [
    './msl_resnet50.py', '_base_/models/semi_supervised_classifier.py'
]

data_root = 'data/msl-images'
# Any folder tree of rover images (the paper: ~34k PDS MSL colour images).
unlabeled_root = 'data/msl-unlabeled'
reshuffle_seed = 0
num_classes = 24
img_scale = 224

# The method's streams: configs/_base_/models/semi_supervised_classifier.py.
model = dict(_base_.semi_supervised_classifier)

# Shape (resized crop, flip, rotation) and pixel (colour jitter,
# desaturation, blur) augmentation for the contrastive views only: on the
# cross entropy stream it hurts (Sec. 6.1).
strong_view_pipeline = [dict(type='StrongView', scale=img_scale)]
sup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='RandomResizedCrop', scale=img_scale),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='sup'),
]
inter_class_pipeline = [dict(type='LoadCheckedImageFromFile')] + \
    strong_view_pipeline + [
        dict(type='PackInputs'),
        dict(type='SetStream', stream='inter_class'),
    ]
# The unlabelled images may be NASA PDS products (.IMG/.xml) as the PDS MSL
# archive serves them: LoadPDSImageFromFile reads those and JPEG/PNG alike.
unsup_pipeline = [
    dict(type='LoadPDSImageFromFile'),
    dict(type='MultiView', num_views=2, transforms=[strong_view_pipeline]),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='unsup'),
]

sup_dataset = dict(
    type='MSLSurfaceDataset',
    data_root=data_root,
    split='train',
    reshuffle_seed=reshuffle_seed,
    pipeline=sup_pipeline)
# The same labelled images, in the strong views.
inter_class_dataset = dict(sup_dataset, pipeline=inter_class_pipeline)
unsup_dataset = dict(
    type='UnlabeledImageDataset',
    data_root=unlabeled_root,
    pipeline=unsup_pipeline)

# Every batch: 16 from source 0, one class-balanced group (C x 2) from
# source 1, 16 from source 2; an epoch is one pass over the labelled images.
sup_batch, inter_class_batch, unsup_batch = 16, num_classes * 2, 16
train_dataloader = dict(
    batch_size=sup_batch + inter_class_batch + unsup_batch,
    # Unlabelled samples carry two views: batches cannot be stacked here;
    # MultiStreamDataPreprocessor stacks each stream.
    collate_fn=dict(type='pseudo_collate'),
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        # The unlabelled images have no classes.
        ignore_keys=['classes', 'raw_ids'],
        datasets=[sup_dataset, inter_class_dataset, unsup_dataset]),
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='ClassBalancedSampler', samples_per_class=2),
            dict(type='DefaultSampler', shuffle=True),
        ],
        batch_sizes=[sup_batch, inter_class_batch, unsup_batch]))

# Head 1e-3 (the optimiser's lr); backbone and both projectors 1e-6.
optim_wrapper = dict(
    paramwise_cfg=dict(
        custom_keys={
            'backbone': dict(lr_mult=1e-3),
            'projector': dict(lr_mult=1e-3),
        }))
# The learning rates are those of the paper's batches (16 / 24x2 / 16).
auto_scale_lr = dict(base_batch_size=sup_batch + inter_class_batch +
                     unsup_batch)
