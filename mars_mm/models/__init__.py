from . import (classifiers, data_preprocessors, decode_heads,  # noqa: F401
               losses, segmentors, utils)
