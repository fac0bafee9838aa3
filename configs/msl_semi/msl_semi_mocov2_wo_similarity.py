# Table 4 "MoCo V2 pretraining + L_s" (paper: 93.82): MoCo v2 weights
# (configs/msl_semi_mocov2.py), cross entropy + inter-class contrast, no
# unlabelled stream. Without MoCo: msl_semi_wo_similarity.py.
_base_ = ['../msl_semi_mocov2.py']

model = dict(similarity_projector=None, similarity_loss=None)

sup_batch, inter_class_batch = 16, 48
train_dataloader = dict(
    batch_size=sup_batch + inter_class_batch,
    dataset=dict(datasets=[
        {{_base_.sup_dataset}},
        {{_base_.inter_class_dataset}},
    ]),
    sampler=dict(
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='ClassBalancedSampler', samples_per_class=2),
        ],
        batch_sizes=[sup_batch, inter_class_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + inter_class_batch)
