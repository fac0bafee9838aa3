from .semi_supervised_classifier import SemiSupervisedClassifier

__all__ = ['SemiSupervisedClassifier']
