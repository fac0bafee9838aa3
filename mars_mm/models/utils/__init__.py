from .class_memory_bank import ClassMemoryBank
from .decode_features import decode_with_features
from .pseudo_label_region import pseudo_label_region

__all__ = ['ClassMemoryBank', 'decode_with_features', 'pseudo_label_region']
