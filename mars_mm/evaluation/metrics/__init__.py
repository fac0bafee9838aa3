from .frequency_weighted_iou_metric import FrequencyWeightedIoUMetric

__all__ = ['FrequencyWeightedIoUMetric']
