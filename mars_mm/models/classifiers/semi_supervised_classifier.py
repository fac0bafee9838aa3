"""The three-stream semi-supervised classifier (Wang et al. 2022, Sec. 4)."""
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpretrain.models import ImageClassifier
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

from mars_mm.models.utils import batch_norm_mode, check_labels_on_all_ranks
from mars_mm.utils.streams import STREAMS


@MODELS.register_module()
class SemiSupervisedClassifier(ImageClassifier):
    """An ``ImageClassifier`` trained by three streams on one backbone.

    Paper: `Semi-Supervised Learning for Mars Imagery Classification and
    Segmentation <https://arxiv.org/abs/2206.02180>`_. The backbone (and
    neck) is shared; each stream has its own batch, backbone forward, head
    and loss:

    - ``'sup'``: labelled images with plain augmentation, the usual
      classification ``head`` and its cross entropy (Eq. 4), logged as
      ``loss_ce``;
    - ``'inter_class'``: a class-balanced batch of two samples per class
      with strong augmentation, the ``inter_class_projector`` (a 2-layer MLP
      to 128-d, e.g. mmpretrain's ``MoCoV2Neck``) and
      :class:`InterClassContrastiveLoss` (Eq. 2), ``loss_inter_class``. The
      one rule of this batch: every class the same, even number of times
      (what whole groups of ``ClassBalancedSampler`` give, with an even
      ``samples_per_class`` or an even number of groups); ``2k`` samples of
      each class are ``k`` pairs per class, ``k`` problems of Eq. 2, whose
      losses are averaged (the paper's batch is ``k = 1``);
    - ``'unsup'``: unlabelled images in two strong views, the
      ``similarity_projector`` and :class:`SimilarityLoss` (Eq. 3),
      ``loss_similarity``.

    The loss weights of Eq. 5 are the ``loss_weight`` of each loss config.
    A stream is enabled by giving both its projector and its loss (the
    ablations of Table 4 leave one out); a training batch must then hold
    exactly the enabled streams, as tagged by ``SetStream`` and split by
    :class:`MultiStreamDataPreprocessor` (the default data preprocessor).
    Prediction, testing and export are those of the parent
    ``ImageClassifier``: the projectors play no part in them.

    Args:
        backbone (dict): Any mmpretrain backbone.
        neck (dict, optional): The neck, e.g. ``GlobalAveragePooling``.
            Defaults to None.
        head (dict, optional): The classification head. Defaults to None.
        inter_class_projector (dict, optional): Projection head of the
            inter-class stream, fed the last neck output. Defaults to None.
        inter_class_loss (dict, optional): Loss of the inter-class stream.
            Defaults to None.
        similarity_projector (dict, optional): Projection head of the
            unlabelled stream. Defaults to None.
        similarity_loss (dict, optional): Loss of the unlabelled stream.
            Defaults to None.
        similarity_predictor (dict, optional): Beyond the paper: a
            predictor MLP on the similarity projections (e.g. mmpretrain's
            ``NonLinearNeck``, as in SimSiam). With it, each view's
            prediction is pulled towards the other view's projection,
            which gets no gradient (stop-gradient), averaged over both
            directions; this keeps the stream from collapsing to a constant
            projection, which Eq. 3 alone allows. Defaults to None (Eq. 3
            as in the paper).
        pseudo_label_loss_weight (float): Beyond the paper: the weight of a
            self-training loss on the unlabelled stream, ``loss_pseudo``:
            where the classification head is at least
            ``pseudo_label_threshold`` sure of one view, its class is the
            cross-entropy target of the other view (both ways, averaged
            over all images, as in FixMatch). It reuses the stream's
            backbone forward. Defaults to 0 (off, as in the paper).
        pseudo_label_threshold (float): Softmax confidence a view needs to
            give the other view a target. Defaults to 0.95.
        pretrained (str, optional): A local checkpoint to initialise from.
            Defaults to None.
        train_cfg (dict, optional): Batch augmentations of the ``'sup'``
            stream, as for ``ImageClassifier``. Defaults to None.
        data_preprocessor (dict, optional): Defaults to None:
            ``MultiStreamDataPreprocessor``.
        init_cfg (dict, optional): Initialisation config. Defaults to None.
    """

    def __init__(self,
                 backbone: dict,
                 neck: Optional[dict] = None,
                 head: Optional[dict] = None,
                 inter_class_projector: Optional[dict] = None,
                 inter_class_loss: Optional[dict] = None,
                 similarity_projector: Optional[dict] = None,
                 similarity_loss: Optional[dict] = None,
                 similarity_predictor: Optional[dict] = None,
                 pseudo_label_loss_weight: float = 0.0,
                 pseudo_label_threshold: float = 0.95,
                 pretrained: Optional[str] = None,
                 train_cfg: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        data_preprocessor = data_preprocessor or {}
        if isinstance(data_preprocessor, dict):
            data_preprocessor.setdefault('type', 'MultiStreamDataPreprocessor')
        super().__init__(
            backbone=backbone,
            neck=neck,
            head=head,
            pretrained=pretrained,
            train_cfg=train_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.inter_class_projector, self.inter_class_loss = self._build_pair(
            'inter_class', inter_class_projector, inter_class_loss)
        self.similarity_projector, self.similarity_loss = self._build_pair(
            'similarity', similarity_projector, similarity_loss)
        if similarity_predictor is not None and self.similarity_loss is None:
            raise ValueError('similarity_predictor needs the similarity '
                             'stream (similarity_projector and '
                             'similarity_loss)')
        self.similarity_predictor = (
            MODELS.build(similarity_predictor)
            if similarity_predictor is not None else None)
        if pseudo_label_loss_weight < 0 or not 0 < pseudo_label_threshold <= 1:
            raise ValueError(
                'pseudo_label_loss_weight must be >= 0 and '
                'pseudo_label_threshold in (0, 1], got '
                f'{pseudo_label_loss_weight} and {pseudo_label_threshold}')
        if pseudo_label_loss_weight > 0 and self.similarity_loss is None:
            raise ValueError('pseudo_label_loss_weight needs the unlabelled '
                             'stream (similarity_projector and '
                             'similarity_loss)')
        self.pseudo_label_loss_weight = pseudo_label_loss_weight
        self.pseudo_label_threshold = pseudo_label_threshold

    @staticmethod
    def _build_pair(
        name: str, projector: Optional[dict], loss: Optional[dict]
    ) -> Tuple[Optional[nn.Module], Optional[nn.Module]]:
        """Build the projector and loss of a contrastive stream.

        Args:
            name (str): The stream's name in the arguments.
            projector (dict, optional): The projector config.
            loss (dict, optional): The loss config.

        Returns:
            tuple: The projector and the loss, or two Nones.
        """
        if (projector is None) != (loss is None):
            raise ValueError(f'{name}_projector and {name}_loss must be given '
                             'together (or both None to disable the stream)')
        if projector is None:
            return None, None
        return MODELS.build(projector), MODELS.build(loss)

    @property
    def streams(self) -> Tuple[str, ...]:
        """tuple[str]: The streams a training batch must hold."""
        enabled = dict(
            sup=self.with_head,
            inter_class=self.inter_class_projector is not None,
            unsup=self.similarity_projector is not None)
        return tuple(stream for stream in STREAMS if enabled[stream])

    def loss(self, inputs: Dict[str, List[torch.Tensor]],
             data_samples: Dict[str, List[DataSample]]) -> dict:
        """Compute the weighted terms of Eq. 5, one per stream.

        mmengine sums every ``loss*`` entry, giving
        ``L_cls = L_ce + lambda_s L_s + lambda_u L_u``.

        Args:
            inputs (dict[str, list[torch.Tensor]]): The views of each
                stream, from :class:`MultiStreamDataPreprocessor`.
            data_samples (dict[str, list[DataSample]]): The samples of each
                stream.

        Returns:
            dict[str, torch.Tensor]: ``loss_ce`` (and the head's other
            outputs), ``loss_inter_class`` and ``loss_similarity`` for the
            enabled streams.

        Raises:
            InvalidLabelError: On every rank, if a ``gt_label`` of the sup or
                inter_class stream of any rank is not a class; checked before
                any forward, so that no rank is left waiting in SyncBN or in
                DDP's gradient all-reduce.
        """
        if not isinstance(inputs, dict):
            raise TypeError(
                'SemiSupervisedClassifier trains on multi-stream batches: tag '
                'each training pipeline with SetStream and use '
                'MultiStreamDataPreprocessor')
        if set(inputs) != set(self.streams):
            raise ValueError(
                f'The batch holds the streams {sorted(inputs)} but the model '
                f'trains {sorted(self.streams)}: give each enabled stream a '
                'source, or set the projector and loss of an unused stream '
                'to None')
        labels = [
            sample.gt_label for stream in ('sup', 'inter_class')
            if stream in data_samples for sample in data_samples[stream]
        ]
        check_labels_on_all_ranks(
            torch.cat(labels) if labels else torch.zeros(0, dtype=torch.long),
            self.head.num_classes, None, 'gt_label')
        losses = {}
        if 'sup' in inputs:
            losses.update(self._loss_sup(inputs['sup'], data_samples['sup']))
        # Testing normalises with BatchNorm's running statistics: they are
        # left to the plainly augmented images of the sup stream, not the
        # strong views, whose colour and blur statistics differ.
        with batch_norm_mode(self, 'no_update'):
            if 'inter_class' in inputs:
                losses.update(
                    self._loss_inter_class(inputs['inter_class'],
                                           data_samples['inter_class']))
            if 'unsup' in inputs:
                losses.update(self._loss_similarity(inputs['unsup']))
        return losses

    def _loss_sup(self, views: List[torch.Tensor],
                  data_samples: List[DataSample]) -> dict:
        """Cross entropy of the classification head on labelled images.

        Args:
            views (list[torch.Tensor]): One view, ``(N, C, H, W)``.
            data_samples (list[DataSample]): Their labels.

        Returns:
            dict: The head's outputs, its ``loss`` renamed ``loss_ce`` (a
            bare ``loss`` would clash with the total that mmengine logs).
        """
        head_losses = self.head.loss(
            self.extract_feat(self._single_view(views, 'sup')), data_samples)
        return {('loss_ce' if key == 'loss' else key): value
                for key, value in head_losses.items()}

    def _loss_inter_class(self, views: List[torch.Tensor],
                          data_samples: List[DataSample]) -> dict:
        """Inter-class contrastive loss on a class-balanced batch.

        Args:
            views (list[torch.Tensor]): One view, ``(2kC, C, H, W)``: ``2k``
                samples of each of ``C`` classes, in any order.
            data_samples (list[DataSample]): Their labels.

        Returns:
            dict: ``loss_inter_class``, the mean of Eq. 2 over the ``k``
            pairs of each class.
        """
        z = self._project(
            self.inter_class_projector,
            self.extract_feat(self._single_view(views, 'inter_class')))
        first, second = self._pair_by_class(data_samples)
        losses = [
            self.inter_class_loss(z[a], z[b]) for a, b in zip(first, second)
        ]
        return dict(loss_inter_class=torch.stack(losses).mean())

    def _loss_similarity(self, views: List[torch.Tensor]) -> dict:
        """Similarity loss between two views of unlabelled images.

        Eq. 3 between the two projections; with a ``similarity_predictor``,
        ``(L(p1, sg(z2)) + L(p2, sg(z1))) / 2`` with the same loss, where
        ``p = predictor(z)`` and ``sg`` stops the gradient (SimSiam).

        Args:
            views (list[torch.Tensor]): Two views, each ``(N, C, H, W)``.

        Returns:
            dict: ``loss_similarity`` (and ``loss_pseudo`` with a
            ``pseudo_label_loss_weight``).
        """
        if len(views) != 2:
            raise ValueError('The unsup stream needs two views of each image '
                             f'(MultiView(num_views=2)), but got {len(views)}')
        feats = self.extract_feat(torch.cat(views))
        losses = {}
        if self.pseudo_label_loss_weight > 0:
            losses['loss_pseudo'] = self._loss_pseudo(feats)
        z1, z2 = self._project(self.similarity_projector, feats).chunk(2)
        if self.similarity_predictor is None:
            losses['loss_similarity'] = self.similarity_loss(z1, z2)
            return losses
        p1, p2 = self._project(self.similarity_predictor,
                               torch.cat([z1, z2])).chunk(2)
        losses['loss_similarity'] = 0.5 * (
            self.similarity_loss(p1, z2.detach()) +
            self.similarity_loss(p2, z1.detach()))
        return losses

    def _loss_pseudo(
            self, feats: Union[torch.Tensor,
                               Sequence[torch.Tensor]]) -> torch.Tensor:
        """Cross entropy of each view against the other's confident class.

        Args:
            feats (torch.Tensor | Sequence[torch.Tensor]): The output of
                :meth:`extract_feat` for both views, first views first.

        Returns:
            torch.Tensor: The weighted loss, averaged over both directions
            and all images (unconfident ones count as zero).
        """
        logits = self.head(feats)
        with torch.no_grad():
            confidence, target = logits.softmax(dim=1).max(dim=1)
            keep = (confidence >= self.pseudo_label_threshold).float()
        num = logits.shape[0] // 2
        # View 1 is taught by view 2 and the other way round.
        swap = torch.cat([torch.arange(num, 2 * num), torch.arange(num)])
        loss = F.cross_entropy(logits, target[swap], reduction='none')
        return self.pseudo_label_loss_weight * (loss * keep[swap]).mean()

    @staticmethod
    def _single_view(views: List[torch.Tensor], stream: str) -> torch.Tensor:
        """Return the only view of a single-view stream.

        Args:
            views (list[torch.Tensor]): The stream's views.
            stream (str): The stream, for the error message.

        Returns:
            torch.Tensor: The view, ``(N, C, H, W)``.
        """
        if len(views) != 1:
            raise ValueError(f'The {stream} stream takes one view per sample, '
                             f'but got {len(views)}')
        return views[0]

    @staticmethod
    def _project(projector: nn.Module,
                 feats: Union[torch.Tensor, Sequence[torch.Tensor]]
                 ) -> torch.Tensor:
        """Embed the last neck (or backbone) output with a projector.

        Args:
            projector (nn.Module): A neck-like module taking a 1-tuple.
            feats (torch.Tensor | Sequence[torch.Tensor]): The output of
                :meth:`extract_feat`.

        Returns:
            torch.Tensor: The embeddings, ``(N, D)``.
        """
        if isinstance(feats, (tuple, list)):
            feats = feats[-1]
        out = projector((feats, ))
        return out[-1] if isinstance(out, (tuple, list)) else out

    @staticmethod
    def _pair_by_class(
        data_samples: List[DataSample]
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Pair the samples of each class in a class-balanced batch.

        Pairing by label, not by position, keeps the loss right whatever
        order the sampler and dataloader produce: the samples of each class,
        in batch order, make pairs (1st, 2nd), (3rd, 4th), ...

        Args:
            data_samples (list[DataSample]): Samples with one ``gt_label``
                each, every class ``2k`` times.

        Returns:
            tuple[torch.Tensor, torch.Tensor]: Indices of the first and of
            the second sample of each pair, shape ``(k, C)``: row ``j`` holds
            the ``j``-th pair of every class, in class order.
        """
        labels = torch.cat([sample.gt_label for sample in data_samples])
        if labels.numel() != len(data_samples):
            raise ValueError('The inter_class stream needs exactly one label '
                             'per sample')
        classes, counts = labels.unique(return_counts=True)
        if (counts != counts[0]).any() or counts[0] % 2:
            found = dict(zip(classes.tolist(), counts.tolist()))
            raise ValueError(
                'The inter_class stream needs every class the same, even '
                f'number of times in a batch, but got {found} (label: '
                'count): use ClassBalancedSampler with an even '
                'samples_per_class (or an even number of its groups per '
                'batch) and a batch size that keeps its groups whole')
        # (C, 2k) -> (k, C) firsts and (k, C) seconds.
        order = torch.argsort(labels, stable=True).view(len(classes), -1)
        return order[:, 0::2].t(), order[:, 1::2].t()
