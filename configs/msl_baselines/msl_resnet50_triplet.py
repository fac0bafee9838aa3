# Table 3: ResNet-50 + triplet loss (paper: 84.87). Hermans et al., "In
# Defense of the Triplet Loss for Person Re-Identification" (arXiv
# 1703.07737): the batch-hard triplet loss with their soft margin on the
# pooled features, beside the cross entropy, on class-balanced P x K
# batches (here P = 24 classes x K = 2 images, ClassBalancedSampler; they
# use P = 18, K = 4).
_base_ = ['../msl_resnet50.py', '../_base_/models/table3_methods.py']

num_classes = 24
batch_size = num_classes * _base_.class_balanced_sampler.samples_per_class

model = dict(
    head=dict(
        type='MetricLearningClsHead',
        metric_loss=_base_.batch_hard_triplet_loss))
train_dataloader = dict(
    batch_size=batch_size,
    sampler=dict(_base_.class_balanced_sampler, _delete_=True))
auto_scale_lr = dict(base_batch_size=batch_size)
