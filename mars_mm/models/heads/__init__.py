from .lws_cls_head import LWSClsHead
from .metric_learning_cls_head import MetricLearningClsHead
from .normed_linear_cls_head import NormedLinearClsHead

__all__ = ['LWSClsHead', 'MetricLearningClsHead', 'NormedLinearClsHead']
