# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# triplet loss row (configs/msl_baselines/msl_resnet50_triplet.py: batch-hard,
# soft margin, Hermans et al. 2017) on the digits baseline, on 10 classes x 2
# class-balanced batches.
_base_ = [
    './digits_resnet18_baseline.py', '../_base_/models/table3_methods.py'
]

num_classes = 10
batch_size = num_classes * _base_.class_balanced_sampler.samples_per_class

model = dict(
    head=dict(
        type='MetricLearningClsHead',
        metric_loss=_base_.batch_hard_triplet_loss))
train_dataloader = dict(
    batch_size=batch_size,
    sampler=dict(_base_.class_balanced_sampler, _delete_=True))
auto_scale_lr = dict(base_batch_size=batch_size)
