from .class_balanced_sampler import ClassBalancedSampler
from .multi_source_sampler import MultiSourceSampler

__all__ = ['ClassBalancedSampler', 'MultiSourceSampler']
