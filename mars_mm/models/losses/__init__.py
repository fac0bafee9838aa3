from .inter_class_contrastive_loss import InterClassContrastiveLoss
from .memory_bank_contrast_loss import MemoryBankContrastLoss
from .similarity_loss import SimilarityLoss

__all__ = [
    'InterClassContrastiveLoss', 'MemoryBankContrastLoss', 'SimilarityLoss'
]
