from .memory_bank_contrast_head import MemoryBankContrastHead

__all__ = ['MemoryBankContrastHead']
