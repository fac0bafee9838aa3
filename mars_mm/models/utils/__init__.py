from .class_memory_bank import ClassMemoryBank

__all__ = ['ClassMemoryBank']
