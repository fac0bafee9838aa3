from . import samplers, transforms  # noqa: F401
from .ai4mars_dataset import AI4MarsDataset
from .msl_surface_dataset import MSLSurfaceDataset
from .unlabeled_image_dataset import UnlabeledImageDataset

__all__ = ['AI4MarsDataset', 'MSLSurfaceDataset', 'UnlabeledImageDataset']
