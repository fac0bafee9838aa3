# Table 3: ResNet-50 + LDAM-DRW (paper: 82.12). Cao et al., "Learning
# Imbalanced Datasets with Label-Distribution-Aware Margin Loss", NeurIPS
# 2019 (arXiv 1906.07413): a cosine classifier (their NormedLinear), margins
# Delta_j = C / n_j^(1/4) with the largest 0.5, scale s = 30, and deferred
# re-weighting: class weights of the effective number (beta = 0.9999) from
# the first learning-rate decay on (their epoch 160 of 200; here the
# schedule's first milestone, epoch 20 of 30, read by the hook).
_base_ = ['../msl_resnet50.py', '../_base_/models/table3_methods.py']

model = dict(
    head=dict(
        type='NormedLinearClsHead',
        loss=dict(_base_.ldam_loss, _delete_=True)))
custom_hooks = _base_.ldam_drw_hooks
