from .light_contrast_head import LightContrastHead
from .memory_bank_contrast_head import MemoryBankContrastHead

__all__ = ['LightContrastHead', 'MemoryBankContrastHead']
