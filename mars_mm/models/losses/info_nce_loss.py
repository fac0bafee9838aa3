"""Instance contrast, InfoNCE: the paper's Eq. 1 (Wang et al. 2022)."""
from mmpretrain.registry import MODELS

from .inter_class_contrastive_loss import InterClassContrastiveLoss


@MODELS.register_module()
class InfoNCELoss(InterClassContrastiveLoss):
    """Plain instance contrast (SimCLR/MoCo InfoNCE), the paper's Eq. 1.

    Row ``i`` of ``z1`` and of ``z2`` are two augmented views of *one
    image*; every other image's view is a negative, even an image of the
    same class or a near-duplicate of the same scene. The computation is
    that of Eq. 2 (a cross entropy over the ``N x N`` cosine matrix whose
    target is the diagonal); only what the rows are differs, which is what
    Table 4 "+ Eq. (1)" ablates (75.66 top-1, against 93.82 with Eq. 2).
    Used as the ``similarity_loss`` of :class:`SemiSupervisedClassifier`,
    whose ``unsup`` stream feeds two views of each image.

    Args:
        temperature (float): ``tau``. Defaults to 0.2, as for Eq. 2.
        loss_weight (float): Scale of the loss. Defaults to 1.0.
    """
