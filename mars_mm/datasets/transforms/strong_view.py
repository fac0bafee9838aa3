"""The paper's strong augmentation of the contrastive views, as one
transform."""
from typing import Tuple

from mmcv.transforms import Compose
from mmpretrain.registry import TRANSFORMS


@TRANSFORMS.register_module()
class StrongView(Compose):
    """Shape and pixel augmentation of one contrastive view (paper Sec. 6.1).

    The views of the inter-class stream (Eq. 2) and of the similarity stream
    (Eq. 3) are drawn by, in this order: a random resized crop, a horizontal
    flip, a rotation, colour jitter, desaturation and Gaussian blur (stock
    mmpretrain transforms). The cross-entropy stream does not use them: on it
    they hurt (Sec. 6.1, Table 4 "+ Strong Aug."). One transform, so that a
    config at another image size changes only ``scale`` instead of restating
    the sequence.

    **Required Keys:** ``img``

    **Modified Keys:** ``img``, ``img_shape``

    Args:
        scale (int): Side of the square crop, in pixels.
        crop_ratio_range (tuple[float, float]): Area range of the crop, as a
            fraction of the image. Defaults to (0.2, 1.0), MoCo v2's.
        flip_prob (float): Probability of the horizontal flip. Defaults to
            0.5, the paper's; 0 for images whose mirror image is another
            class (handwritten numerals: a mirrored 2 reads as a 5).
        max_rotation (float): Largest rotation in degrees, either way,
            applied with probability 0.5. Defaults to 30.
        hue (float): Hue jitter (a fraction of the hue circle) beside the
            brightness, contrast and saturation jitter of 0.4. Defaults to
            0.1; classes told apart by hue (the synthetic demo data) need 0.
    """

    def __init__(self,
                 scale: int,
                 crop_ratio_range: Tuple[float, float] = (0.2, 1.0),
                 flip_prob: float = 0.5,
                 max_rotation: float = 30.0,
                 hue: float = 0.1) -> None:
        self.scale = scale
        self.crop_ratio_range = crop_ratio_range
        self.flip_prob = flip_prob
        self.max_rotation = max_rotation
        self.hue = hue
        # Built from mmpretrain's registry (the jitter too, instead of
        # leaving it to RandomApply), so that the view is the same whatever
        # the default scope: mmcv's transforms of these names differ.
        super().__init__([
            TRANSFORMS.build(transform) for transform in [
                dict(
                    type='RandomResizedCrop',
                    scale=scale,
                    crop_ratio_range=crop_ratio_range,
                    backend='pillow'),
                dict(
                    type='RandomFlip',
                    prob=flip_prob,
                    direction='horizontal'),
                # pad_val per channel: OpenCV fills only the first channel
                # of a scalar border, which paints rotated corners blue.
                dict(
                    type='Rotate',
                    magnitude_range=(0, max_rotation),
                    magnitude_std='inf',
                    pad_val=(128, 128, 128),
                    prob=0.5),
                dict(
                    type='RandomApply',
                    transforms=[
                        TRANSFORMS.build(
                            dict(
                                type='ColorJitter',
                                brightness=0.4,
                                contrast=0.4,
                                saturation=0.4,
                                hue=hue))
                    ],
                    prob=0.8),
                dict(
                    type='RandomGrayscale',
                    prob=0.2,
                    keep_channels=True,
                    channel_weights=(0.114, 0.587, 0.2989)),
                dict(
                    type='GaussianBlur',
                    magnitude_range=(0.1, 2.0),
                    magnitude_std='inf',
                    prob=0.5),
            ]
        ])

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(scale={self.scale}, '
                f'crop_ratio_range={self.crop_ratio_range}, '
                f'flip_prob={self.flip_prob}, '
                f'max_rotation={self.max_rotation}, hue={self.hue})')
