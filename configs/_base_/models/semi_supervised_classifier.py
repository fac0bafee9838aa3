# The paper's three-stream classifier (Sec. 4), the one place that states its
# streams: beside cross entropy (Eq. 4) on the backbone's classification
# head, an MLP projector + the inter-class contrastive loss (Eq. 2, t = 0.2,
# weight lambda_s = 1) on class-balanced strong views, and an MLP projector +
# the similarity loss (Eq. 3, weight lambda_u = 0.2) on two strong views of
# each unlabelled image. Only top-level keys, so that any MSL config can
# list this file beside its own base and write
#   model = dict(_base_.semi_supervised_classifier)
# The projectors take a ResNet-50's 2048 channels; a config on another
# backbone sets in_channels and hid_channels to its width.
# Both streams project through their own MLP of this shape (MoCo v2's neck on
# the pooled features, 128-d out).
contrastive_projector = dict(
    type='MoCoV2Neck', in_channels=2048, hid_channels=2048, out_channels=128,
    with_avg_pool=False)
semi_supervised_classifier = dict(
    type='SemiSupervisedClassifier',
    inter_class_projector=contrastive_projector,
    inter_class_loss=dict(
        type='InterClassContrastiveLoss', temperature=0.2, loss_weight=1.0),
    similarity_projector=contrastive_projector,
    similarity_loss=dict(type='SimilarityLoss', loss_weight=0.2))
