from .supcon import SupCon

__all__ = ['SupCon']
