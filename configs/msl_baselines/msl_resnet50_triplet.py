# Table 3: ResNet-50 + triplet loss (paper: 84.87). Hermans et al., "In
# Defense of the Triplet Loss for Person Re-Identification" (arXiv
# 1703.07737): the batch-hard triplet loss with their soft margin on the
# pooled features, beside the cross entropy, on class-balanced P x K
# batches (here P = 24 classes x K = 2 images, ClassBalancedSampler; they
# use P = 18, K = 4).
_base_ = ['../msl_resnet50.py']

num_classes = 24
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
