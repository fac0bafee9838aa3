from .s4l_rotation_classifier import S4LRotationClassifier
from .semi_supervised_classifier import SemiSupervisedClassifier

__all__ = ['SemiSupervisedClassifier', 'S4LRotationClassifier']
