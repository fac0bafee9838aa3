# Table 3: S4L, rotation (paper: 75.19). Zhai et al., "S4L: Self-Supervised
# Semi-Supervised Learning", ICCV 2019 (arXiv 1905.03670), S4L-Rotation:
# the baseline's cross entropy plus, on the unlabelled images (one plain
# view each), 4-way rotation prediction (0/90/180/270 degrees) by a linear
# head on the shared backbone, weight w = 1. (S4L also rotates the labelled
# images; here the cross-entropy stream stays the baseline's.) The rotation
# head learns at the classification head's rate.
_base_ = ['../msl_semi.py']

model = dict(
    type='S4LClassifier',
    pretext='rotation',
    inter_class_projector=None,
    inter_class_loss=None,
    similarity_projector=None,
    similarity_loss=None,
    pretext_head=dict(type='LinearClsHead', num_classes=4, in_channels=2048),
    pretext_loss_weight=1.0)

unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    # Square crops: rotated images keep their shape.
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='unsup'),
]
sup_batch, unsup_batch = 16, 16
train_dataloader = dict(
    batch_size=sup_batch + unsup_batch,
    dataset=dict(datasets=[
        {{_base_.sup_dataset}},
        dict(
            type='UnlabeledImageDataset',
            data_root={{_base_.unlabeled_root}},
            pipeline=unsup_pipeline),
    ]),
    sampler=dict(
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='DefaultSampler', shuffle=True),
        ],
        batch_sizes=[sup_batch, unsup_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + unsup_batch)
