from .memory_bank_contrast_loss import MemoryBankContrastLoss

__all__ = ['MemoryBankContrastLoss']
