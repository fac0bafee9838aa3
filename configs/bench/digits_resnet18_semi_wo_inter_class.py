# Diagnosis (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config without the inter-class stream (Table 4 "+ L_u"):
# cross entropy + the similarity of Eq. 3 on the unlabelled images.
_base_ = ['./digits_resnet18_semi.py']

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
