from .class_memory_bank import ClassMemoryBank
from .decode_features import decode_with_features

__all__ = ['ClassMemoryBank', 'decode_with_features']
