# Table 4 "+ L_s": cross entropy + inter-class contrast, no unlabelled
# stream. Also the setting of Table 6 (lambda_s sweep, lambda_u = 0):
#   --cfg-options model.inter_class_loss.loss_weight=0.5
_base_ = ['../msl_semi.py']

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
