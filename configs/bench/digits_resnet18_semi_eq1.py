# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 4's
# "+ Eq. (1)" row (configs/msl_semi/msl_semi_mocov2_eq1.py, here from
# scratch): cross entropy and, in place of L_s, the instance contrast
# InfoNCE of Eq. 1 (tau 0.2) on two strong views of each labelled image,
# 20 images a step (the size of the inter-class batch it replaces).
_base_ = ['./digits_resnet18_semi_wo_inter_class.py']

model = dict(
    similarity_loss=dict(
        _delete_=True, type='InfoNCELoss', temperature=0.2,
        loss_weight=1.0))

# The third source, the unlabelled stream of
# digits_resnet18_semi_wo_inter_class.py, reads the labelled images
# (labels unused) in the two-view pipeline.
sup_batch, instance_batch = 16, 20
train_dataloader = dict(
    batch_size=sup_batch + instance_batch,
    dataset=dict(datasets=[
        _base_.sup_dataset,
        _base_.inter_class_dataset,
        dict(_base_.sup_dataset, pipeline=_base_.unsup_pipeline),
    ]),
    sampler=dict(batch_sizes=[sup_batch, 0, instance_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + instance_batch)
