from . import (classifiers, data_preprocessors, decode_heads,  # noqa: F401
               heads, losses, segmentors, selfsup, utils)
