from .s4l_classifier import S4LClassifier
from .semi_supervised_classifier import SemiSupervisedClassifier

__all__ = ['SemiSupervisedClassifier', 'S4LClassifier']
