# Table 4 "MoCo V2 pretraining + L_u" (paper: 78.65): MoCo v2 weights
# (configs/msl_semi_mocov2.py), cross entropy + the similarity loss on
# unlabelled images, no inter-class contrast. Without MoCo:
# msl_semi_wo_inter_class.py.
_base_ = ['../msl_semi_mocov2.py']

model = dict(inter_class_projector=None, inter_class_loss=None)

sup_batch, unsup_batch = 16, 16
train_dataloader = dict(
    batch_size=sup_batch + unsup_batch,
    dataset=dict(datasets=[
        {{_base_.sup_dataset}},
        {{_base_.unsup_dataset}},
    ]),
    sampler=dict(
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='DefaultSampler', shuffle=True),
        ],
        batch_sizes=[sup_batch, unsup_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + unsup_batch)
