from .multi_stream_data_preprocessor import MultiStreamDataPreprocessor

__all__ = ['MultiStreamDataPreprocessor']
