from .atomic_checkpoint_hook import AtomicCheckpointHook
from .class_counts_hook import ClassCountsHook
from .deferred_reweighting_hook import DeferredReweightingHook
from .missing_class_warning_hook import MissingClassWarningHook
from .non_finite_loss_hook import NonFiniteLossHook
from .num_class_check_hook import NumClassCheckHook
from .random_state_hook import RandomStateHook
from .segmentation_stage_hook import SegmentationStageHook

__all__ = [
    'AtomicCheckpointHook', 'NonFiniteLossHook',
    'RandomStateHook', 'SegmentationStageHook', 'ClassCountsHook',
    'DeferredReweightingHook', 'NumClassCheckHook', 'MissingClassWarningHook'
]
