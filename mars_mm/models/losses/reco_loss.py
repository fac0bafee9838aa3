"""The regional contrast (ReCo) loss of Liu et al., ICLR 2022."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmseg.registry import MODELS


@MODELS.register_module()
class ReCoLoss(BaseModule):
    """Regional contrast with active query and key sampling.

    `ReCo <https://arxiv.org/abs/2104.04465>`_ (Liu, Zhi, Johns and Davison,
    ICLR 2022), a comparison method of paper Table 8. For each class c
    present among the labelled elements:

    - queries: ``num_queries`` elements of class c drawn (with replacement)
      from its *hard* elements, those whose predicted probability of c is
      below ``strong_threshold`` (active query sampling; without
      probabilities every element of c is a candidate);
    - positive key: the class prototype, the mean feature of class c in the
      batch (or, with ``use_bank_centers``, the memory-bank center m̄_c);
    - negative keys: for each query, ``num_negatives`` elements of the other
      classes, the class of each drawn from ``softmax_j(K(p_c, p_j) / tau)``
      over the other classes' prototypes p_j (active key sampling: classes
      that look like c give more negatives), the element uniformly within
      that class.

    The loss of class c is the mean over its queries q of
    ``-log(e(q, p_c) / (e(q, p_c) + sum_n e(q, k_n)))``, with
    ``e(u, v) = exp(K(u, v) / tau)``; the loss is the sum over classes
    divided by the number of classes present, as in ReCo's code; keys carry
    no gradient. With fewer than two classes present the loss is zero.

    As ``loss_decode`` of :class:`MemoryBankContrastHead` it takes the
    head's call ``loss(feats, labels, centers, valid, ignore_index,
    avg_factor, probs=None)``; the head passes ``probs`` (the decode head's
    softmax) when the segmentor gives it the decode logits
    (``PseudoLabelEncoderDecoder`` does).

    Args:
        temperature (float): The temperature tau. Defaults to 0.5 (ReCo).
        num_queries (int): Queries per class. Defaults to 256 (ReCo).
        num_negatives (int): Negative keys per query. Defaults to 512
            (ReCo's experiments; its code's default is 256).
        strong_threshold (float): Elements whose probability of their class
            is at least this are easy and never queries. Defaults to 0.97
            (ReCo).
        use_bank_centers (bool): Positive keys and the class relation graph
            from the memory-bank centers instead of the batch prototypes.
            Defaults to False (ReCo).
        loss_weight (float): Weight of the loss. Defaults to 1.0.
        loss_name (str): Name of the loss item. Defaults to 'loss_reco'.
    """

    uses_probs = True

    def __init__(self,
                 temperature: float = 0.5,
                 num_queries: int = 256,
                 num_negatives: int = 512,
                 strong_threshold: float = 0.97,
                 use_bank_centers: bool = False,
                 loss_weight: float = 1.0,
                 loss_name: str = 'loss_reco') -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError(
                f'temperature must be positive, got {temperature}')
        if num_queries < 1 or num_negatives < 1:
            raise ValueError('num_queries and num_negatives must be >= 1')
        self.temperature = temperature
        self.num_queries = num_queries
        self.num_negatives = num_negatives
        self.strong_threshold = strong_threshold
        self.use_bank_centers = use_bank_centers
        self.loss_weight = loss_weight
        self._loss_name = loss_name

    def forward(self,
                feats: torch.Tensor,
                labels: torch.Tensor,
                centers: Optional[torch.Tensor] = None,
                valid: Optional[torch.Tensor] = None,
                ignore_index: int = 255,
                avg_factor: Optional[float] = None,
                probs: Optional[torch.Tensor] = None) -> torch.Tensor:
        """The ReCo loss of a batch of elements.

        Args:
            feats (torch.Tensor): Element features (N, D).
            labels (torch.Tensor): Element classes (N,), ``ignore_index``
                for unlabelled elements (left out).
            centers (torch.Tensor, optional): Memory-bank centers (C, D),
                used with ``use_bank_centers``.
            valid (torch.Tensor, optional): Bool (C,) of the centers that
                exist.
            ignore_index (int): Label of unlabelled elements.
            avg_factor (float, optional): Unused (ReCo averages over
                classes); accepted for the head's call.
            probs (torch.Tensor, optional): Class probabilities (N, C) of
                the elements, for hard-query selection.

        Returns:
            torch.Tensor: The weighted loss, a scalar.
        """
        keep = labels != ignore_index
        classes = labels[keep].unique()
        if classes.numel() < 2:
            return feats.sum() * 0.
        feats, labels = feats[keep], labels[keep].long()
        if probs is not None:
            probs = probs[keep]
        normed = F.normalize(feats, dim=1)
        with torch.no_grad():
            members = [(labels == c).nonzero().flatten() for c in classes]
            protos = torch.stack([feats[m].mean(0) for m in members])
            if self.use_bank_centers and centers is not None:
                have = valid[classes] if valid is not None else \
                    torch.ones_like(classes, dtype=torch.bool)
                protos = torch.where(have[:, None],
                                     centers[classes].to(protos.dtype),
                                     protos)
            protos = F.normalize(protos, dim=1)
        total = feats.sum() * 0.
        for k, c in enumerate(classes.tolist()):
            candidates = members[k]
            if probs is not None:
                candidates = candidates[
                    probs[candidates, c] < self.strong_threshold]
            if candidates.numel() == 0:
                continue  # every element of c is easy
            queries = normed[candidates[torch.randint(
                candidates.numel(), (self.num_queries, ),
                device=feats.device)]]
            with torch.no_grad():
                others = [j for j in range(len(members)) if j != k]
                graph = (protos[others] @ protos[k] /
                         self.temperature).softmax(dim=0)
                sampled = torch.multinomial(
                    graph, self.num_queries * self.num_negatives,
                    replacement=True).view(self.num_queries,
                                           self.num_negatives)
                pools = [members[j] for j in others]
                sizes = torch.tensor([p.numel() for p in pools],
                                     device=feats.device)
                starts = torch.cumsum(sizes, 0) - sizes
                within = (torch.rand(sampled.shape, device=feats.device) *
                          sizes[sampled]).long()
                negatives = normed[torch.cat(pools)[starts[sampled] +
                                                   within]]
            logits = torch.cat([
                queries @ protos[k][:, None],
                torch.einsum('qd,qnd->qn', queries, negatives)
            ], dim=1) / self.temperature
            total = total + F.cross_entropy(
                logits,
                torch.zeros(self.num_queries, dtype=torch.long,
                            device=feats.device))
        return self.loss_weight * total / classes.numel()

    @property
    def loss_name(self) -> str:
        """str: Name of the loss item in the loss dict."""
        return self._loss_name
