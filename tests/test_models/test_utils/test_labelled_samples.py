import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from mars_mm.models.utils import labelled_samples


def sample(labels: torch.Tensor) -> SegDataSample:
    return SegDataSample(gt_sem_seg=PixelData(data=labels[None]))


def test_a_sample_is_labelled_when_one_pixel_is_not_the_ignore_index():
    unlabelled = torch.full((4, 4), 7)
    one_pixel = unlabelled.clone()
    one_pixel[2, 3] = 0
    # The ignore index is the given one, not 255: 255 is a class here.
    other_index = torch.full((4, 4), 255)
    assert labelled_samples(
        [sample(unlabelled),
         sample(one_pixel),
         sample(other_index)], ignore_index=7) == [False, True, True]
