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
# Stage 2 of the two-stage methods (cRT's classifier re-training, SupCon +
# linear classifier): the stage-1 representation frozen (no gradients,
# BatchNorm statistics kept) and only the classifier trained; each config
# loads its own stage-1 backbone (init_cfg).
frozen_backbone = dict(frozen_stages=4, norm_eval=True)
frozen_backbone_optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.0)}))
# The semi-supervised comparison methods of Table 3 are built on the
# two-stream configs without the inter-class stream (Table 4's "+ L_u":
# configs/msl_semi/msl_semi_wo_inter_class.py and its digits twin), whose
# unlabelled images they read in plain views: the cross-entropy stream's
# crop and flip (its sup_pipeline[1:3]), tagged as the 'unsup' stream.
unsup_stream_tags = [
    dict(type='PackInputs'),
    dict(type='SetStream', stream='unsup'),
]
# Pseudo-labelling (paper: 78.64). Lee, "Pseudo-Label: The Simple and
# Efficient Semi-Supervised Learning Method for Deep Neural Networks", ICML
# 2013 workshop: unlabelled images take the class the network predicts as
# a cross-entropy target, weighted alpha (their final alpha_f = 3). Built on
# SemiSupervisedClassifier's pseudo_label_loss_weight: two plain views of
# each unlabelled image, each view's confident class (softmax >= 0.95,
# keeping the early, unsure predictions out where Lee ramps alpha up from
# 0) the target of the other. The similarity loss of that stream is off.
pseudo_label_classifier = dict(
    similarity_loss=dict(loss_weight=0.0),
    pseudo_label_loss_weight=3.0,
    pseudo_label_threshold=0.95)
# S4L, rotation (paper: 75.19). Zhai et al., "S4L: Self-Supervised
# Semi-Supervised Learning", ICCV 2019 (arXiv 1905.03670), S4L-Rotation:
# the baseline's cross entropy plus, on the unlabelled images (one plain
# view each), 4-way rotation prediction (0/90/180/270 degrees) by a linear
# head on the shared backbone, weight w = 1. (S4L also rotates the labelled
# images; here the cross-entropy stream stays the baseline's.) The head's
# in_channels is the backbone's width, set by each config.
s4l_rotation_classifier = dict(
    type='S4LClassifier',
    pretext='rotation',
    similarity_projector=None,
    similarity_loss=None,
    pretext_head=dict(type='LinearClsHead', num_classes=4),
    pretext_loss_weight=1.0)
# S4L, jigsaw (paper: 81.81): S4L with the pretext of Noroozi and Favaro
# ("Unsupervised Learning of Visual Representations by Solving Jigsaw
# Puzzles", ECCV 2016, arXiv 1603.09246): a 3 x 3 grid of tiles through the
# shared backbone one by one, their pooled features concatenated (so the
# head reads grid * grid times the backbone's width) in one of 100 fixed
# orders (maximal Hamming distance), a linear head predicting the order.
s4l_jigsaw_classifier = dict(
    pretext='jigsaw',
    grid=3,
    num_permutations=100,
    pretext_head=dict(num_classes=100))
