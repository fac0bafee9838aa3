# Table 4 "MoCo V2 pretraining + Eq. (1)" (paper: 75.66): MoCo v2 weights,
# cross entropy, and instead of the inter-class loss L_s the plain instance
# contrast InfoNCE of the paper's Eq. 1 (InfoNCELoss, tau = 0.2 as L_s): two
# strong views of each labelled training image are the positive pair, all
# other images (same class included) negatives. It runs on the
# SemiSupervisedClassifier's two-view stream (`unsup`; labels unused) with
# its own MLP projector (128-d), weight 1 as L_s, 24 images per step (the
# size of L_s's C x C matrix).
_base_ = ['./msl_semi_mocov2_wo_inter_class.py']

model = dict(
    similarity_loss=dict(
        _delete_=True, type='InfoNCELoss', temperature=0.2,
        loss_weight=1.0))

# The third source, the unlabelled stream of
# msl_semi_mocov2_wo_inter_class.py, reads the labelled images (labels unused)
# in the two-view pipeline.
sup_batch, instance_batch = 16, 24
train_dataloader = dict(
    batch_size=sup_batch + instance_batch,
    dataset=dict(datasets=[
        _base_.sup_dataset,
        _base_.inter_class_dataset,
        dict(_base_.sup_dataset, pipeline=_base_.unsup_pipeline),
    ]),
    sampler=dict(batch_sizes=[sup_batch, 0, instance_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + instance_batch)
