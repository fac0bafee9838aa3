from .online_pseudo_label_hook import OnlinePseudoLabelHook
from .segmentation_stage_hook import SegmentationStageHook

__all__ = ['OnlinePseudoLabelHook', 'SegmentationStageHook']
