"""A light contrastive head on the decode head's fused features."""
import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.registry import MODELS
from mmseg.utils import SampleList

from ..utils import ClassMemoryBank
from .memory_bank_contrast_head import MemoryBankContrastHead


@MODELS.register_module()
class LightContrastHead(BaseDecodeHead):
    """A two-layer 1x1 projection of the decode head's features for
    memory-bank contrast.

    An option beside the paper's contrastive head (:class:`
    MemoryBankContrastHead`, a second full DeepLabV3+ head): the embedding
    map f is projected from the features the segmentation head already
    computes, its fused decoder features before ``conv_seg`` (for DeepLabV3+
    the ASPP output fused with the low-level features, at 1/4 of the input),
    with a 1x1 conv + norm + activation (``channels`` wide) and a 1x1 conv
    to ``feat_dim``, the projection head of the pixel-contrast literature
    (e.g. `Wang et al. 2021 <https://arxiv.org/abs/2101.11939>`_). Its loss
    is the paper's: the same :class:`ClassMemoryBank`, Eq. 7
    (:class:`MemoryBankContrastLoss`) and pseudo labels, through
    :meth:`MemoryBankContrastHead.loss_by_feat`. Its gradient reaches the
    backbone through the decode head's layers.

    Its input is not the backbone's features but the decode head's fused
    features, so the segmentor must pass them: :class:`
    PseudoLabelEncoderDecoder` computes them in the decode head's one
    forward of the step (``mars_mm.models.utils.decode_with_features``, any
    decode head whose forward ends in one ``cls_seg`` call, e.g.
    DeepLabV3+, FCN, PSP, UPerNet, SegFormer heads) and gives them to every
    ``LightContrastHead`` among its ``auxiliary_head``. Auxiliary heads are
    not used at inference: predictions are unchanged.

    Args:
        in_channels (int): Channels of the decode head's features (its
            ``channels``).
        channels (int): Width of the hidden 1x1 conv.
        feat_dim (int): Channels of the embedding. Defaults to 128.
        queue_len (int): Length of each class queue. Defaults to 32.
        dropout_ratio (float): Dropout before the last conv. Defaults to 0.
        loss_decode (dict): Config of the contrastive loss, called as in
            :class:`MemoryBankContrastHead`. Defaults to
            ``MemoryBankContrastLoss`` with temperature 0.07.
        **kwargs: Arguments of :class:`BaseDecodeHead` (``num_classes``
            sets the number of queues; ``norm_cfg``, ``act_cfg`` those of
            the hidden conv).
    """

    def __init__(self,
                 in_channels: int,
                 channels: int,
                 feat_dim: int = 128,
                 queue_len: int = 32,
                 dropout_ratio: float = 0.,
                 loss_decode: dict = dict(
                     type='MemoryBankContrastLoss', temperature=0.07),
                 **kwargs) -> None:
        if not isinstance(loss_decode, dict):
            raise TypeError('LightContrastHead takes one loss config '
                            f'(a dict), got {type(loss_decode).__name__}')
        if not isinstance(in_channels, int):
            raise TypeError('LightContrastHead takes one feature map: '
                            f'in_channels must be an int, got {in_channels!r}')
        super().__init__(
            in_channels,
            channels,
            dropout_ratio=dropout_ratio,
            loss_decode=loss_decode,
            **kwargs)
        self.feat_dim = feat_dim
        self.proj = ConvModule(
            self.in_channels,
            self.channels,
            1,
            conv_cfg=self.conv_cfg,
            norm_cfg=self.norm_cfg,
            act_cfg=self.act_cfg)
        # Embeddings, not logits: same place (and init_cfg) as conv_seg.
        self.conv_seg = nn.Conv2d(self.channels, feat_dim, kernel_size=1)
        self.memory_bank = ClassMemoryBank(
            self.num_classes,
            feat_dim,
            queue_len=queue_len,
            ignore_index=self.ignore_index)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """The embedding map f.

        Args:
            inputs (torch.Tensor): The decode head's fused features
                (B, in_channels, h, w).

        Returns:
            torch.Tensor: f, of shape (B, feat_dim, h, w).
        """
        if not isinstance(inputs, torch.Tensor):
            raise TypeError(
                "LightContrastHead takes the decode head's fused features "
                "(one tensor), got the backbone's "
                f'{type(inputs).__name__}: use it as auxiliary_head of a '
                'segmentor that passes them (PseudoLabelEncoderDecoder)')
        return self.cls_seg(self.proj(inputs))

    def loss_by_feat(self, seg_logits: torch.Tensor,
                     batch_data_samples: SampleList) -> dict:
        """Update the memory bank, then compute the contrastive loss: as
        :meth:`MemoryBankContrastHead.loss_by_feat`.

        Args:
            seg_logits (torch.Tensor): The embedding map f of shape
                (B, feat_dim, h, w) from :meth:`forward`.
            batch_data_samples (list[:obj:`SegDataSample`]): Samples whose
                ``gt_sem_seg`` gives the class of each pixel.

        Returns:
            dict[str, torch.Tensor]: The loss, named by ``loss_decode``.
        """
        return MemoryBankContrastHead.loss_by_feat(self, seg_logits,
                                                   batch_data_samples)
