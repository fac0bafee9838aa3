"""The contrastive head H^s_seg of paper Sec. 5.1."""
import torch
import torch.nn as nn
from mmengine.dist import get_world_size
from mmseg.models.decode_heads import DepthwiseSeparableASPPHead
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from mmseg.utils import SampleList

from ..utils import ClassMemoryBank


@MODELS.register_module()
class MemoryBankContrastHead(DepthwiseSeparableASPPHead):
    """A DeepLabV3+ head that embeds pixels for memory-bank contrast.

    The head is mmseg's :class:`DepthwiseSeparableASPPHead` (ASPP and
    low-level fusion) whose last 1x1 conv outputs a ``feat_dim``-channel
    embedding map f instead of class logits. Its loss is the element-wise
    inter-class contrastive loss of `Wang et al.
    <https://arxiv.org/abs/2206.02180>`_: the label map is down-sampled
    (nearest) to the size of f, the :class:`ClassMemoryBank` is updated with
    this step's labelled elements, then ``loss_decode`` (by default
    :class:`MemoryBankContrastLoss`, Eq. 7) contrasts each labelled element
    against the bank's class centers.

    Use it as (one of) the ``auxiliary_head`` of any ``EncoderDecoder``: the
    segmentor never calls auxiliary heads at inference, so predictions are
    unchanged.

    Args:
        feat_dim (int): Channels of the embedding. Defaults to 128.
        queue_len (int): Length of each class queue. Defaults to 32.
        loss_decode (dict): Config of the contrastive loss, called as
            ``loss(feats, labels, centers, valid, ignore_index,
            avg_factor)``, plus ``probs`` (the elements' class
            probabilities from the decode head, (N, C)) for a loss whose
            ``uses_probs`` is True (e.g. ``ReCoLoss``) when the samples carry
            the decode head's ``seg_logits``.
            Defaults to ``MemoryBankContrastLoss`` with temperature 0.07.
        **kwargs: Arguments of :class:`DepthwiseSeparableASPPHead`
            (``num_classes`` sets the number of queues).
    """

    def __init__(self,
                 feat_dim: int = 128,
                 queue_len: int = 32,
                 loss_decode: dict = dict(
                     type='MemoryBankContrastLoss', temperature=0.07),
                 **kwargs) -> None:
        if not isinstance(loss_decode, dict):
            raise TypeError('MemoryBankContrastHead takes one loss config '
                            f'(a dict), got {type(loss_decode).__name__}')
        super().__init__(loss_decode=loss_decode, **kwargs)
        self.feat_dim = feat_dim
        # Embeddings, not logits: same place (and init_cfg) as conv_seg.
        self.conv_seg = nn.Conv2d(self.channels, feat_dim, kernel_size=1)
        self.memory_bank = ClassMemoryBank(
            self.num_classes,
            feat_dim,
            queue_len=queue_len,
            ignore_index=self.ignore_index)

    def loss_by_feat(self, seg_logits: torch.Tensor,
                     batch_data_samples: SampleList) -> dict:
        """Update the memory bank, then compute the contrastive loss.

        Args:
            seg_logits (torch.Tensor): The embedding map f of shape
                (B, feat_dim, h, w) from :meth:`forward`.
            batch_data_samples (list[:obj:`SegDataSample`]): Samples whose
                ``gt_sem_seg`` gives the class of each pixel (ground truth,
                or ground truth merged with pseudo labels).

        Returns:
            dict[str, torch.Tensor]: The loss, named by ``loss_decode``.
        """
        seg_label = self._stack_batch_gt(batch_data_samples)
        # Nearest, so each element keeps a real class (or stays ignored).
        seg_label = resize(
            seg_label.float(), size=seg_logits.shape[2:], mode='nearest')
        labels = seg_label.long().flatten()
        feats = seg_logits.permute(0, 2, 3, 1).reshape(-1, self.feat_dim)
        class_counts = self.memory_bank.update(feats, labels)
        centers, valid = self.memory_bank.centers()
        extra = {}
        if getattr(self.loss_decode, 'uses_probs', False) and all(
                'seg_logits' in sample for sample in batch_data_samples):
            decode_logits = torch.stack(
                [sample.seg_logits.data for sample in batch_data_samples])
            probs = resize(
                decode_logits.detach(),
                size=seg_logits.shape[2:],
                mode='bilinear',
                align_corners=self.align_corners).softmax(dim=1)
            extra['probs'] = probs.permute(0, 2, 3, 1).reshape(
                -1, probs.shape[1])
        # The mean over all ranks' labelled elements: with DDP's gradient
        # averaging, N ranks then learn what one process with their joint
        # batch learns (Eq. 7's mean runs over the whole batch).
        loss = self.loss_decode(
            feats,
            labels,
            centers,
            valid,
            ignore_index=self.ignore_index,
            avg_factor=class_counts.sum() / get_world_size(),
            **extra)
        return {self.loss_decode.loss_name: loss}
