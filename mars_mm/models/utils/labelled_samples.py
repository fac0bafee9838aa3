"""Which samples of a batch carry ground truth."""
from typing import List

from mmseg.utils import SampleList


def labelled_samples(data_samples: SampleList,
                     ignore_index: int) -> List[bool]:
    """Whether each sample has at least one labelled pixel.

    A sample with none is a whole unlabelled image (e.g. of
    ``AI4MarsDataset(unlabeled=True)`` in a two-source batch).

    Args:
        data_samples (list[:obj:`SegDataSample`]): Samples with
            ``gt_sem_seg``.
        ignore_index (int): The label of unlabelled pixels.

    Returns:
        list[bool]: One flag per sample.
    """
    return [
        bool((sample.gt_sem_seg.data != ignore_index).any())
        for sample in data_samples
    ]
