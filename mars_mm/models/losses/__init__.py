from .batch_hard_triplet_loss import BatchHardTripletLoss
from .center_loss import CenterLoss
from .class_balanced_loss import ClassBalancedLoss, effective_number_weights
from .info_nce_loss import InfoNCELoss
from .inter_class_contrastive_loss import InterClassContrastiveLoss
from .ldam_loss import LDAMLoss, ldam_margins
from .memory_bank_contrast_loss import MemoryBankContrastLoss
from .reco_loss import ReCoLoss
from .similarity_loss import SimilarityLoss
from .supervised_contrastive_loss import SupervisedContrastiveLoss

__all__ = [
    'InterClassContrastiveLoss', 'MemoryBankContrastLoss', 'ReCoLoss',
    'SimilarityLoss',
    'BatchHardTripletLoss', 'CenterLoss', 'ClassBalancedLoss',
    'effective_number_weights', 'InfoNCELoss', 'LDAMLoss', 'ldam_margins',
    'SupervisedContrastiveLoss'
]
