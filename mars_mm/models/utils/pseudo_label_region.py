"""The pixels of a batch that may take a pseudo label."""
import torch
from mmseg.utils import SampleList


def pseudo_label_region(data_samples: SampleList, height: int, width: int,
                        device: torch.device = None) -> torch.Tensor:
    """Where each sample of a batch may take a pseudo label.

    A pixel may, when it lies inside the sample's ``img_shape`` (the data
    preprocessor's padding is not image) and, when the sample carries a
    ``gt_valid_mask`` (``PackAI4MarsInputs``), where that map is True: the
    rover- and range-masked pixels of AI4Mars are not terrain and never take
    a pseudo label, whatever the model predicts there.

    Args:
        data_samples (list[:obj:`SegDataSample`]): The batch's samples.
        height (int): Height of the (padded) batch label maps.
        width (int): Width of the (padded) batch label maps.
        device (torch.device, optional): Device of the result.

    Returns:
        torch.Tensor: Bool (B, height, width).
    """
    region = torch.zeros((len(data_samples), height, width),
                         dtype=torch.bool,
                         device=device)
    for i, sample in enumerate(data_samples):
        img_h, img_w = sample.metainfo.get('img_shape', (height, width))
        img_h, img_w = min(img_h, height), min(img_w, width)
        region[i, :img_h, :img_w] = True
        if 'gt_valid_mask' in sample:
            valid = sample.gt_valid_mask.data[0].to(device=device,
                                                    dtype=torch.bool)
            # The valid map is not padded by the data preprocessor: pixels
            # beyond it are padding.
            inside = torch.zeros_like(region[i])
            valid_h, valid_w = min(valid.shape[0], height), min(
                valid.shape[1], width)
            inside[:valid_h, :valid_w] = valid[:valid_h, :valid_w]
            region[i] &= inside
    return region
