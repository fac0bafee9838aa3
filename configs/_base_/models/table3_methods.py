# The comparison methods of paper Table 3 that change the classifier's loss
# or batches, each stated once (top-level keys only): the paper-scale
# configs in configs/msl_baselines/ and their demo-scale twins in
# configs/bench/ list this file beside their base and take them, e.g.
#   model = dict(head=dict(loss=dict(_base_.focal_loss, _delete_=True)))
# Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017.
focal_loss = dict(type='FocalLoss', gamma=2.0, alpha=0.25, loss_weight=1.0)
# Szegedy et al., "Rethinking the Inception Architecture", CVPR 2016.
label_smooth_loss = dict(
    type='LabelSmoothLoss', label_smooth_val=0.1, mode='original',
    loss_weight=1.0)
# Cao et al., NeurIPS 2019 (LDAM-DRW): margins with the largest 0.5, scale
# 30, deferred re-weighting by the effective number (beta 0.9999). The hooks
# read n_j from the training split and switch the weights on at the first
# learning-rate milestone.
ldam_loss = dict(type='LDAMLoss', max_margin=0.5, scale=30.0, drw_beta=0.9999)
ldam_drw_hooks = [
    dict(type='ClassCountsHook'),
    dict(type='DeferredReweightingHook'),
]
# Hermans et al. 2017: the batch-hard triplet loss with the soft margin.
batch_hard_triplet_loss = dict(
    type='BatchHardTripletLoss', margin=None, loss_weight=1.0)
# Class-balanced P x K batches (P = the classes, K = 2 images of each), for
# the triplet loss and cRT's classifier re-training.
class_balanced_sampler = dict(type='ClassBalancedSampler', samples_per_class=2)
