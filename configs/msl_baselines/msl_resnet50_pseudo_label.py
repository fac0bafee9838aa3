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
_base_ = ['../msl_semi/msl_semi_wo_inter_class.py']

model = dict(
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
# The two streams of msl_semi_wo_inter_class.py, the unlabelled
# images in this method's own pipeline.
train_dataloader = dict(
    dataset=dict(datasets=[
        _base_.sup_dataset,
        dict(_base_.unsup_dataset, pipeline=unsup_pipeline),
    ]))
