# Table 3: S4L, rotation (paper: 75.19). Zhai et al., "S4L: Self-Supervised
# Semi-Supervised Learning", ICCV 2019 (arXiv 1905.03670), S4L-Rotation:
# the baseline's cross entropy plus, on the unlabelled images (one plain
# view each), 4-way rotation prediction (0/90/180/270 degrees) by a linear
# head on the shared backbone, weight w = 1. (S4L also rotates the labelled
# images; here the cross-entropy stream stays the baseline's.) The rotation
# head learns at the classification head's rate.
_base_ = ['../msl_semi/msl_semi_wo_inter_class.py']

model = dict(
    type='S4LClassifier',
    pretext='rotation',
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
# The two streams of msl_semi_wo_inter_class.py, the unlabelled
# images in this method's own pipeline.
train_dataloader = dict(
    dataset=dict(datasets=[
        _base_.sup_dataset,
        dict(_base_.unsup_dataset, pipeline=unsup_pipeline),
    ]))
