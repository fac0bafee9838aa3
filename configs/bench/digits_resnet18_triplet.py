# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's
# triplet loss row (configs/msl_baselines/msl_resnet50_triplet.py: batch-hard,
# soft margin, Hermans et al. 2017) on the digits baseline, on 10 classes x 2
# class-balanced batches.
_base_ = ['./digits_resnet18_baseline.py']

num_classes = 10
samples_per_class = 2

model = dict(
    head=dict(
        type='MetricLearningClsHead',
        metric_loss=dict(
            type='BatchHardTripletLoss', margin=None, loss_weight=1.0)))
train_dataloader = dict(
    batch_size=num_classes * samples_per_class,
    sampler=dict(
        _delete_=True,
        type='ClassBalancedSampler',
        samples_per_class=samples_per_class))
auto_scale_lr = dict(base_batch_size=num_classes * samples_per_class)
