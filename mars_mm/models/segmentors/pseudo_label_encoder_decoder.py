"""The two-stream segmentor of paper Sec. 5: CE stream and contrast stream."""
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import ExponentialMovingAverage
from mmengine.structures import PixelData
from mmseg.models.segmentors import EncoderDecoder
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample
from mmseg.utils import SampleList, add_prefix

from ..decode_heads import LightContrastHead, MemoryBankContrastHead
from ..utils import (BATCH_NORM_MODES, batch_norm_mode,
                     check_labels_on_all_ranks, decode_with_features,
                     labelled_samples, logit_parts, logits_of_parts,
                     pseudo_label_region)
from ..utils.mix_masks import box_mask, mix

# The heads that learn from the merged (pseudo) labels.
CONTRAST_HEADS = (MemoryBankContrastHead, LightContrastHead)
# Views the self-training loss (``pseudo_seg_loss_weight``) is taken on.
PSEUDO_LABEL_MIXES = ('none', 'cutmix', 'feature_dropout')


@MODELS.register_module()
class PseudoLabelEncoderDecoder(EncoderDecoder):
    """An ``EncoderDecoder`` whose contrastive heads learn from online
    pseudo labels.

    Implements the segmentation streams of `Wang et al.
    <https://arxiv.org/abs/2206.02180>`_: the ``decode_head`` is the
    cross-entropy stream and every :class:`MemoryBankContrastHead` or
    :class:`LightContrastHead` among the ``auxiliary_head`` is a contrastive
    stream. In training, the decode head's logits are computed once and used
    twice: for its own loss and, while pseudo labels are enabled, to fill the
    unlabelled pixels of the label map that the contrastive heads (and their
    memory banks) see. The cross-entropy stream and any other auxiliary head
    always keep the ground truth. Inference is exactly ``EncoderDecoder``'s.
    Only image pixels that are terrain take pseudo labels: not padding, and
    not the rover- or range-masked pixels that a sample's ``gt_valid_mask``
    marks (``LoadAI4MarsAnnotations`` + ``PackAI4MarsInputs``), which stay
    ignored in every stream and never enter a memory bank.

    A :class:`MemoryBankContrastHead` reads the backbone's features, as any
    auxiliary head; a :class:`LightContrastHead` reads the decode head's
    fused features before ``conv_seg``, which the same single decode-head
    forward returns beside the logits (:func:`decode_with_features`).

    The losses of the two streams are scaled by ``seg_loss_weight`` and
    ``contrast_loss_weight`` (on top of each head's own ``loss_weight``),
    which :meth:`set_loss_weights` changes between the stages of training;
    :meth:`set_pseudo_labels` switches pseudo labels on and off. Hooks call
    these (``SegmentationStageHook``, which owns the schedule).

    Args:
        pseudo_label_threshold (float): Minimum softmax probability for an
            unlabelled pixel to take the predicted class. Defaults to 0.9.
        seg_loss_weight (float): Scale of the segmentation losses (decode
            head and non-contrastive auxiliary heads). Defaults to 1.0.
        contrast_loss_weight (float): Scale of the contrastive losses.
            Defaults to 1.0.
        pseudo_seg_loss_weight (float): Beyond the paper: while pseudo labels
            are on, the decode head's loss is also computed on the
            pseudo-labelled pixels alone (self-training), scaled by this and
            by ``seg_loss_weight`` and logged as ``decode_pseudo.*``. Defaults
            to 0: as in the paper, cross entropy keeps the ground truth.
        pseudo_label_class_portion (float, optional): Beyond the paper:
            class-balanced thresholds (the online form of CBST, Zou et al.,
            ECCV 2018). Of the unlabelled pixels of a batch that a class is
            predicted for, at least this portion, the most confident, take
            it, even below ``pseudo_label_threshold``; so a class the model
            is less sure of is not starved of pseudo labels (and then of
            recall) by one threshold for all. Defaults to None: the paper's
            single threshold.
        pseudo_label_mix (str): Beyond the paper: the view the
            self-training loss is taken on. ``'none'``: the pseudo labels'
            own view, whose logits made them (the network is taught what
            it already predicts there). ``'cutmix'``: as FixMatch's strong
            view (Sohn et al., NeurIPS 2020) with the CutMix of French et
            al. (BMVC 2020): each image of the batch is mixed with the next
            by a box mask of half its area, and the decode head's logits on
            the mixed images (one more backbone pass) learn the equally
            mixed pseudo labels, so that a prediction made on one context
            must hold in another. ``'feature_dropout'``: the feature
            perturbation of UniMatch (Yang et al., CVPR 2023): the decode
            head reads the step's backbone features with whole channels
            dropped (``F.dropout2d``, p = 0.5, every level), and its logits
            there learn the pseudo labels of the clean features, so the
            prediction must hold when half of its evidence is gone (no
            further backbone pass). That decode pass is a training pass like
            the clean one: its batch statistics also move the running ones,
            as in UniMatch's single decoder pass over clean and perturbed
            features (leaving them to the clean pass measured no better:
            benchmarks/LABEL_EFFICIENCY_TEXTURES_FEATURE_DROPOUT_NO_UPDATE.md).
            Defaults to ``'none'``.
        separate_source_forward (bool): Beyond the paper: the labelled
            images of a batch and its whole unlabelled images (no labelled
            pixel) go through the backbone and the decode head in two
            forward passes, as mmdet's semi-supervised detectors and our
            Mean Teacher run them, so that batch normalisation computes the
            statistics that normalise the labelled images' cross entropy
            over labelled images alone, as in the supervised baseline. The
            other heads read the two passes' features together. A batch of
            one source is one pass; with SyncBN across ranks, every rank's
            batch must then hold both sources or none (``MultiSourceSampler``
            batches do), so that all ranks run the same passes. Defaults to
            False: one pass over the whole batch.
        unlabeled_pass_bn (str): Beyond the paper, with
            ``separate_source_forward``: how batch norm treats the pass over
            the unlabelled images (:func:`batch_norm_mode`). ``'batch'``:
            their batch statistics, folded into the running ones (which
            then mix both sources). ``'no_update'``: their batch
            statistics; the running ones, which evaluation uses, are the
            labelled passes' alone, as in the supervised baseline.
            ``'running'``: the running statistics, so that the pseudo labels
            are what the model would predict at test time. Measured
            (benchmarks/LABEL_EFFICIENCY_TEXTURES_BN_STATISTICS.md): neither
            of the last two beats ``'batch'``. Defaults to ``'batch'``.
        pseudo_label_teacher_momentum (float, optional): Beyond the paper:
            the pseudo labels come from an exponential moving average of
            the network (backbone, neck and decode head; mmengine's
            :class:`ExponentialMovingAverage` with this momentum m,
            ``teacher = (1 - m) * teacher + m * student`` at the start of
            every step), as the teachers of Mean Teacher and U2PL (Wang et
            al., CVPR 2022) make them, rather than from the network of the
            step: an average of the last ~1/m steps' weights, whose
            predictions are steadier than one step's. The teacher runs the
            batch as the network does (one pass, training-mode batch norm
            with the batch's statistics, its running ones untouched, and
            dropout), so the averaged weights are the one difference.
            Needs ``separate_source_forward=False``. Defaults to None: the
            network of the step, as in the paper.
        **kwargs: Arguments of :class:`EncoderDecoder`; ``auxiliary_head``
            must hold at least one :class:`MemoryBankContrastHead` or
            :class:`LightContrastHead` (whose ``in_channels`` must be the
            decode head's ``channels``).
    """

    def __init__(self,
                 pseudo_label_threshold: float = 0.9,
                 seg_loss_weight: float = 1.0,
                 contrast_loss_weight: float = 1.0,
                 pseudo_seg_loss_weight: float = 0.0,
                 pseudo_label_class_portion: Optional[float] = None,
                 pseudo_label_mix: str = 'none',
                 separate_source_forward: bool = False,
                 unlabeled_pass_bn: str = 'batch',
                 pseudo_label_teacher_momentum: Optional[float] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.separate_source_forward = bool(separate_source_forward)
        if unlabeled_pass_bn not in BATCH_NORM_MODES:
            raise ValueError(f'unlabeled_pass_bn must be one of '
                             f'{BATCH_NORM_MODES}, got {unlabeled_pass_bn!r}')
        if unlabeled_pass_bn != 'batch' and not separate_source_forward:
            raise ValueError(f'unlabeled_pass_bn={unlabeled_pass_bn!r} needs '
                             'separate_source_forward=True')
        self.unlabeled_pass_bn = unlabeled_pass_bn
        if pseudo_label_mix not in PSEUDO_LABEL_MIXES:
            raise ValueError(f'pseudo_label_mix must be one of '
                             f'{PSEUDO_LABEL_MIXES}, got {pseudo_label_mix!r}')
        self.pseudo_label_mix = pseudo_label_mix
        if pseudo_seg_loss_weight < 0:
            raise ValueError('pseudo_seg_loss_weight must be >= 0, got '
                             f'{pseudo_seg_loss_weight}')
        self.pseudo_seg_loss_weight = float(pseudo_seg_loss_weight)
        if not 0 < pseudo_label_threshold <= 1:
            raise ValueError('pseudo_label_threshold must lie in (0, 1], '
                             f'got {pseudo_label_threshold}')
        if self.out_channels != self.num_classes:
            raise ValueError('pseudo labels need softmax logits: the decode '
                             'head must have out_channels == num_classes, '
                             f'got {self.out_channels}')
        if not any(
                isinstance(head, CONTRAST_HEADS)
                for head in self._auxiliary_heads()):
            raise ValueError('PseudoLabelEncoderDecoder needs a '
                             'MemoryBankContrastHead or LightContrastHead in '
                             'auxiliary_head')
        for head in self._auxiliary_heads():
            if isinstance(head, LightContrastHead) and \
                    head.in_channels != self.decode_head.channels:
                raise ValueError(
                    "LightContrastHead reads the decode head's features: "
                    f'in_channels must be {self.decode_head.channels} (the '
                    f"decode head's channels), got {head.in_channels}")
        if pseudo_label_class_portion is not None and \
                not 0 < pseudo_label_class_portion <= 1:
            raise ValueError('pseudo_label_class_portion must lie in (0, 1] '
                             f'or be None, got {pseudo_label_class_portion}')
        self.pseudo_label_threshold = pseudo_label_threshold
        self.pseudo_label_class_portion = pseudo_label_class_portion
        self.pseudo_label_teacher = None
        if pseudo_label_teacher_momentum is not None:
            if not 0 < pseudo_label_teacher_momentum <= 1:
                raise ValueError('pseudo_label_teacher_momentum must lie in '
                                 '(0, 1] or be None, got '
                                 f'{pseudo_label_teacher_momentum}')
            if separate_source_forward:
                raise ValueError('pseudo_label_teacher_momentum needs '
                                 'separate_source_forward=False (the '
                                 'teacher runs the batch in one pass)')
            self.pseudo_label_teacher = ExponentialMovingAverage(
                logit_parts(self),
                momentum=pseudo_label_teacher_momentum)
        self.pseudo_labels_enabled = False
        self.set_loss_weights(seg_loss_weight, contrast_loss_weight)
        self._reset_pseudo_label_stats()

    def _auxiliary_heads(self) -> Tuple[nn.Module, ...]:
        """The auxiliary heads as a tuple (empty when there is none)."""
        if not self.with_auxiliary_head:
            return ()
        if isinstance(self.auxiliary_head, nn.ModuleList):
            return tuple(self.auxiliary_head)
        return (self.auxiliary_head, )

    @torch.no_grad()
    def _pseudo_label_logits(self, inputs: torch.Tensor,
                             seg_logits: torch.Tensor) -> torch.Tensor:
        """The logits that make the pseudo labels: the decode head's of the
        step, or the EMA teacher's (``pseudo_label_teacher_momentum``)."""
        if self.pseudo_label_teacher is None:
            return seg_logits
        teacher = self.pseudo_label_teacher.module
        with batch_norm_mode(teacher, 'no_update'):
            return logits_of_parts(teacher, inputs)

    def set_loss_weights(self, seg_loss_weight: float,
                         contrast_loss_weight: float) -> None:
        """Set the scales of the segmentation and contrastive streams.

        Args:
            seg_loss_weight (float): Scale of the segmentation losses.
            contrast_loss_weight (float): Scale of the contrastive losses.
        """
        for name, value in (('seg_loss_weight', seg_loss_weight),
                            ('contrast_loss_weight', contrast_loss_weight)):
            if value < 0:
                raise ValueError(f'{name} must be >= 0, got {value}')
        self.seg_loss_weight = float(seg_loss_weight)
        self.contrast_loss_weight = float(contrast_loss_weight)

    def set_pseudo_labels(self, enabled: bool) -> None:
        """Switch online pseudo labels for the contrastive heads on or off.

        Args:
            enabled (bool): Whether unlabelled pixels may take confident
                predictions from now on.
        """
        self.pseudo_labels_enabled = bool(enabled)

    def _reset_pseudo_label_stats(self) -> None:
        """Zero the pseudo-label counters."""
        self._num_unlabeled = torch.zeros((), dtype=torch.long)
        self._num_pseudo = torch.zeros(self.num_classes, dtype=torch.long)

    def pop_pseudo_label_stats(self) -> Tuple[torch.Tensor, torch.Tensor]:
        """Counts since the last call, on this rank; then reset them.

        Returns:
            tuple[torch.Tensor, torch.Tensor]: The number of unlabelled
            pixels seen while pseudo labels were enabled (a scalar), and the
            number of them that took each class (C,).
        """
        stats = self._num_unlabeled, self._num_pseudo
        self._reset_pseudo_label_stats()
        return stats

    @staticmethod
    def merge_pseudo_labels(seg_logits: torch.Tensor,
                            gt: torch.Tensor,
                            threshold: float,
                            ignore_index: int = 255,
                            mask: Optional[torch.Tensor] = None,
                            class_portion: Optional[float] = None
                            ) -> torch.Tensor:
        """The merged label map ȳ of paper Sec. 5.2.

        Labelled pixels keep their ground truth; an unlabelled pixel takes
        the predicted class when its softmax probability is >= threshold,
        and stays ``ignore_index`` otherwise. With ``class_portion`` p, the
        threshold of class c is min(threshold, t_c), where t_c is the
        confidence that the top p of the candidate pixels predicted as c
        reach (their (1 - p)-quantile, CBST's class-wise threshold).

        Args:
            seg_logits (torch.Tensor): Logits (B, C, H, W) at the size of
                ``gt``; detached here.
            gt (torch.Tensor): Ground truth (B, H, W).
            threshold (float): Minimum probability of a pseudo label.
            ignore_index (int): Label of unlabelled pixels. Defaults to 255.
            mask (torch.Tensor, optional): Bool (B, H, W) of the pixels that
                may take a pseudo label (e.g. not padding). Defaults to all.
            class_portion (float, optional): Portion p of each class's
                candidate pixels that take it at least. Defaults to None
                (one threshold for all classes).

        Returns:
            torch.Tensor: The merged labels (B, H, W), same dtype as ``gt``.
        """
        if seg_logits.shape[0] != gt.shape[0] or \
                seg_logits.shape[2:] != gt.shape[1:]:
            raise ValueError(f'seg_logits {tuple(seg_logits.shape)} and gt '
                             f'{tuple(gt.shape)} must share batch and size')
        conf, pred = seg_logits.detach().softmax(dim=1).max(dim=1)
        candidates = gt == ignore_index
        if mask is not None:
            candidates &= mask
        thresholds = torch.full((seg_logits.shape[1], ),
                                threshold,
                                dtype=conf.dtype,
                                device=conf.device)
        if class_portion is not None:
            for c in pred[candidates].unique():
                class_conf = conf[candidates & (pred == c)]
                thresholds[c] = torch.minimum(
                    thresholds[c],
                    torch.quantile(class_conf, 1 - class_portion))
        take = candidates & (conf >= thresholds[pred])
        return torch.where(take, pred.to(gt.dtype), gt)

    def _pseudo_labelled_samples(self, seg_logits: torch.Tensor,
                                 data_samples: SampleList) -> SampleList:
        """Copies of ``data_samples`` whose labels carry pseudo labels."""
        gt = torch.stack(
            [sample.gt_sem_seg.data[0] for sample in data_samples])
        seg_logits = resize(
            seg_logits.detach(),
            size=gt.shape[1:],
            mode='bilinear',
            align_corners=self.align_corners)
        # Neither padding nor rover/range-masked pixels (gt_valid_mask) may
        # take a pseudo label.
        mask = pseudo_label_region(data_samples, *gt.shape[1:], gt.device)
        ignore_index = self.decode_head.ignore_index
        merged = self.merge_pseudo_labels(seg_logits, gt,
                                          self.pseudo_label_threshold,
                                          ignore_index, mask,
                                          self.pseudo_label_class_portion)
        unlabeled = (gt == ignore_index) & mask
        self._num_unlabeled += unlabeled.sum().cpu()
        self._num_pseudo += torch.bincount(
            merged[unlabeled & (merged != ignore_index)].long().flatten(),
            minlength=self.num_classes).cpu()
        return [
            SegDataSample(
                metainfo=sample.metainfo,
                gt_sem_seg=PixelData(data=labels[None]))
            for sample, labels in zip(data_samples, merged)
        ]

    def _pseudo_only(self, data_samples: SampleList,
                     merged_samples: SampleList) -> SampleList:
        """Copies of ``merged_samples`` labelled only where the ground truth
        is not: the targets of the self-training loss."""
        ignore_index = self.decode_head.ignore_index
        pseudo = []
        for sample, merged in zip(data_samples, merged_samples):
            gt = sample.gt_sem_seg.data
            labels = torch.where(gt == ignore_index, merged.gt_sem_seg.data,
                                 torch.full_like(gt, ignore_index))
            pseudo.append(
                SegDataSample(
                    metainfo=sample.metainfo,
                    gt_sem_seg=PixelData(data=labels)))
        return pseudo

    def _mixed_pseudo_view(self, inputs: torch.Tensor,
                           pseudo_samples: SampleList
                           ) -> Tuple[torch.Tensor, SampleList]:
        """The decode head's logits on the CutMix of the batch and the
        targets mixed alike (``pseudo_label_mix='cutmix'``).

        Image i is mixed with image i + 1 (the last with the first) by a
        box mask M_i (:func:`box_mask`, half the area):
        ``M_i * x_i + (1 - M_i) * x_(i+1)``, and its targets are the pseudo
        labels of each image where its pixels come from.

        Args:
            inputs (torch.Tensor): The batch (B, 3, H, W).
            pseudo_samples (list[:obj:`SegDataSample`]): Pseudo-only
                targets of each image (:meth:`_pseudo_only`), at the size
                of ``inputs``.

        Returns:
            tuple[torch.Tensor, list[:obj:`SegDataSample`]]: Logits on the
            mixed images and their targets.
        """
        batch, _, height, width = inputs.shape
        mask = box_mask(batch, height, width).to(inputs.device)
        order = torch.roll(torch.arange(batch, device=inputs.device), -1)
        labels = torch.stack(
            [sample.gt_sem_seg.data[0] for sample in pseudo_samples])
        mixed_labels = torch.where(mask.bool(), labels, labels[order])
        logits = self.decode_head(
            self.extract_feat(mix(mask, inputs, inputs[order])))
        return logits, [
            SegDataSample(
                metainfo=sample.metainfo,
                gt_sem_seg=PixelData(data=target[None]))
            for sample, target in zip(pseudo_samples, mixed_labels)
        ]

    def _decode(self, inputs: torch.Tensor, with_features: bool
                ) -> Tuple[List[torch.Tensor], torch.Tensor,
                           Optional[torch.Tensor]]:
        """Backbone (and neck) features, decode-head logits and, when
        ``with_features``, the decode head's fused features."""
        x = self.extract_feat(inputs)
        if with_features:
            return (x, ) + decode_with_features(self.decode_head, x)
        return x, self.decode_head(x), None

    def _decode_by_source(self, inputs: torch.Tensor,
                          data_samples: SampleList, with_features: bool
                          ) -> Tuple[List[torch.Tensor], torch.Tensor,
                                     Optional[torch.Tensor]]:
        """:meth:`_decode` of the batch, in one pass or, with
        ``separate_source_forward``, one pass for the labelled images and
        one for the whole unlabelled ones, put back in batch order."""
        if not self.separate_source_forward:
            return self._decode(inputs, with_features)
        labelled = labelled_samples(data_samples,
                                    self.decode_head.ignore_index)
        groups = [
            idx for idx in ([i for i, flag in enumerate(labelled) if flag],
                            [i for i, flag in enumerate(labelled) if not flag])
            if idx
        ]
        if len(groups) == 1:
            return self._decode(inputs, with_features)
        labelled_pass = self._decode(inputs[groups[0]], with_features)
        with batch_norm_mode(self, self.unlabeled_pass_bn):
            unlabeled_pass = self._decode(inputs[groups[1]], with_features)
        passes = [labelled_pass, unlabeled_pass]
        order = torch.tensor(groups[0] + groups[1],
                             device=inputs.device).argsort()

        def in_batch_order(parts: List[torch.Tensor]) -> torch.Tensor:
            return torch.cat(parts)[order]

        x = [
            in_batch_order([p[0][level] for p in passes])
            for level in range(len(passes[0][0]))
        ]
        seg_logits = in_batch_order([p[1] for p in passes])
        decode_feats = in_batch_order([p[2] for p in passes
                                       ]) if with_features else None
        return x, seg_logits, decode_feats

    @staticmethod
    def _with_decode_logits(samples: SampleList,
                            seg_logits: torch.Tensor) -> SampleList:
        """Copies of ``samples`` that also carry the decode head's logits
        (detached), for a contrastive loss that selects elements by the
        predicted probabilities (``ReCoLoss``'s hard queries)."""
        return [
            SegDataSample(
                metainfo=sample.metainfo,
                gt_sem_seg=sample.gt_sem_seg,
                seg_logits=PixelData(data=logits))
            for sample, logits in zip(samples, seg_logits.detach())
        ]

    @staticmethod
    def _scale_losses(losses: dict, weight: float) -> dict:
        """Scale the ``loss`` items (not accuracies) of a loss dict."""
        return {
            name: value * weight if 'loss' in name else value
            for name, value in losses.items()
        }

    def loss(self, inputs: torch.Tensor, data_samples: SampleList) -> dict:
        """Losses of both streams, from one backbone and decode-head pass.

        Args:
            inputs (torch.Tensor): Input images (B, 3, H, W).
            data_samples (list[:obj:`SegDataSample`]): Samples with
                ``gt_sem_seg``.

        Returns:
            dict[str, torch.Tensor]: Loss components, prefixed as in
            ``EncoderDecoder`` (``decode.``, ``aux.`` or ``aux_{i}.``).

        Raises:
            InvalidLabelError: On every rank, if a ground-truth label of any
                rank is neither a class nor the ignore index; checked before
                the backbone (SyncBN), the cross entropy and the memory
                banks, so that no rank is left waiting in a collective.
        """
        check_labels_on_all_ranks(
            torch.cat([s.gt_sem_seg.data.flatten() for s in data_samples]),
            self.num_classes, self.decode_head.ignore_index,
            'gt_sem_seg labels')
        if self.pseudo_label_teacher is not None:
            # The first update copies the network.
            self.pseudo_label_teacher.update_parameters(
                logit_parts(self))
        x, seg_logits, decode_feats = self._decode_by_source(
            inputs, data_samples,
            any(
                isinstance(head, LightContrastHead)
                for head in self._auxiliary_heads()))
        losses = add_prefix(
            self._scale_losses(
                self.decode_head.loss_by_feat(seg_logits, data_samples),
                self.seg_loss_weight), 'decode')
        contrast_samples = data_samples
        if self.pseudo_labels_enabled:
            contrast_samples = self._pseudo_labelled_samples(
                self._pseudo_label_logits(inputs, seg_logits), data_samples)
            if self.pseudo_seg_loss_weight > 0:
                pseudo_logits = seg_logits
                pseudo_samples = self._pseudo_only(data_samples,
                                                   contrast_samples)
                if self.pseudo_label_mix == 'cutmix':
                    pseudo_logits, pseudo_samples = self._mixed_pseudo_view(
                        inputs, pseudo_samples)
                elif self.pseudo_label_mix == 'feature_dropout':
                    pseudo_logits = self.decode_head(
                        [F.dropout2d(level, p=0.5) for level in x])
                losses.update(
                    add_prefix(
                        self._scale_losses(
                            self.decode_head.loss_by_feat(
                                pseudo_logits, pseudo_samples),
                            self.seg_loss_weight *
                            self.pseudo_seg_loss_weight), 'decode_pseudo'))
        if any(
                getattr(getattr(head, 'loss_decode', None), 'uses_probs',
                        False) for head in self._auxiliary_heads()):
            contrast_samples = self._with_decode_logits(
                contrast_samples, seg_logits)
        for idx, head in enumerate(self._auxiliary_heads()):
            if isinstance(head, CONTRAST_HEADS):
                head_losses = head.loss(
                    decode_feats if isinstance(head, LightContrastHead) else
                    x, contrast_samples, self.train_cfg)
                weight = self.contrast_loss_weight
            else:
                head_losses = head.loss(x, data_samples, self.train_cfg)
                weight = self.seg_loss_weight
            prefix = f'aux_{idx}' if isinstance(self.auxiliary_head,
                                                nn.ModuleList) else 'aux'
            losses.update(
                add_prefix(self._scale_losses(head_losses, weight), prefix))
        return losses
