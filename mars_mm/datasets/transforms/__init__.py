from .load_ai4mars_annotations import LoadAI4MarsAnnotations
from .load_checked_image_from_file import (CorruptImageError,
                                           LoadCheckedImageFromFile,
                                           check_image_bytes)
from .load_pds_image_from_file import LoadPDSImageFromFile
from .pack_ai4mars_inputs import PackAI4MarsInputs
from .set_stream import SetStream
from .strong_view import StrongView

__all__ = [
    'CorruptImageError', 'LoadAI4MarsAnnotations', 'LoadCheckedImageFromFile',
    'LoadPDSImageFromFile', 'PackAI4MarsInputs', 'check_image_bytes',
    'SetStream', 'StrongView'
]
