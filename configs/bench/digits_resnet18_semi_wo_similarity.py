# Diagnosis (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config without the unlabelled stream (Table 4 "+ L_s"):
# cross entropy + the inter-class contrast of Eq. 2.
_base_ = ['./digits_resnet18_semi.py']

model = dict(similarity_projector=None, similarity_loss=None)

sup_batch, inter_class_batch = 16, 20
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
