# Table 3: ResNet-50 + center loss (paper: 82.91). Wen et al., "A
# Discriminative Feature Learning Approach for Deep Face Recognition", ECCV
# 2016: L = L_ce + lambda * 1/2 ||x_i - c_{y_i}||^2 on the pooled 2048-d
# features, lambda = 0.003 (their value); the centers learn with the head
# (lr 1e-3, their alpha = 0.5 is the SGD rate of their own update rule).
_base_ = ['../msl_resnet50.py']

# The baseline's head (classes, channels, cross entropy) plus the metric loss.
model = dict(
    head=dict(
        type='MetricLearningClsHead',
        metric_loss=dict(
            type='CenterLoss', num_classes=24, feat_dim=2048,
            loss_weight=0.003)))
