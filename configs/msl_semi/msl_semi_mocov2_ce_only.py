# Table 4 "MoCo V2 pretraining" (paper: 81.56): the cross-entropy baseline
# started from MoCo v2 weights (configs/msl_semi_mocov2.py, which says where
# they come from: the official checkpoint or
# configs/selfsup/mocov2_resnet50_msl-unlabeled.py), no contrastive stream.
# The model's only stream is the baseline's `sup` stream.
_base_ = ['../msl_semi_mocov2.py']

model = dict(
    inter_class_projector=None,
    inter_class_loss=None,
    similarity_projector=None,
    similarity_loss=None)

sup_batch = 16
train_dataloader = dict(
    batch_size=sup_batch,
    dataset=dict(datasets=[{{_base_.sup_dataset}}]),
    sampler=dict(
        source_samplers=[dict(type='DefaultSampler', shuffle=True)],
        batch_sizes=[sup_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch)
