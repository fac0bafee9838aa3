# Table 3: pseudo-labelling (paper: 78.64). Lee, "Pseudo-Label: The Simple
# and Efficient Semi-Supervised Learning Method for Deep Neural Networks",
# ICML 2013 workshop: unlabelled images take the class the network predicts
# as a cross-entropy target, weighted alpha (their final alpha_f = 3).
# Built on SemiSupervisedClassifier's pseudo_label_loss_weight: the sup
# stream (the baseline's cross entropy) and the unlabelled images in two
# plain (not strong) views, each view's confident class (softmax >= 0.95,
# keeping the early, unsure predictions out where Lee ramps alpha up from
# 0) the target of the other. The similarity loss of that stream is off
# (weight 0). No inter-class stream.
_base_ = ['../msl_semi.py']

model = dict(
    inter_class_projector=None,
    inter_class_loss=None,
    similarity_loss=dict(loss_weight=0.0),
    pseudo_label_loss_weight=3.0,
    pseudo_label_threshold=0.95)

plain_view_pipeline = [
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
]
unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2, transforms=[plain_view_pipeline]),
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
