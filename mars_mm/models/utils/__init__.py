from .batch_norm_mode import BATCH_NORM_MODES, batch_norm_mode
from .class_memory_bank import ClassMemoryBank
from .decode_features import decode_with_features
from .label_check import InvalidLabelError, check_labels_on_all_ranks
from .labelled_samples import labelled_samples
from .logit_parts import logit_parts, logits_of_parts
from .pseudo_label_region import pseudo_label_region

__all__ = [
    'BATCH_NORM_MODES', 'batch_norm_mode', 'ClassMemoryBank',
    'InvalidLabelError', 'check_labels_on_all_ranks', 'decode_with_features',
    'labelled_samples', 'logit_parts', 'logits_of_parts',
    'pseudo_label_region'
]
