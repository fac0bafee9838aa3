# Table 3: ResNet-50 + class-balanced loss (paper: 80.02). Cui et al.,
# "Class-Balanced Loss Based on Effective Number of Samples", CVPR 2019
# (arXiv 1901.05555): softmax cross entropy weighted per class by
# (1 - beta) / (1 - beta^n_c), beta = 0.9999 (their long-tailed setting).
# The class counts n_c are read from the training split by ClassCountsHook
# (nothing to restate when the split changes).
_base_ = ['../msl_resnet50.py']

model = dict(
    head=dict(
        loss=dict(_delete_=True, type='ClassBalancedLoss', beta=0.9999)))
custom_hooks = [dict(type='ClassCountsHook')]
