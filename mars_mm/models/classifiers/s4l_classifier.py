"""S4L: cross entropy plus a self-supervised pretext stream (Zhai et al.)."""
from typing import List, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmpretrain.registry import MODELS

from .semi_supervised_classifier import SemiSupervisedClassifier

PRETEXTS = ('rotation', 'jigsaw')


def jigsaw_permutations(num_permutations: int, num_tiles: int,
                        seed: int = 0) -> np.ndarray:
    """A fixed set of tile permutations far apart in Hamming distance.

    Noroozi and Favaro's selection (`Unsupervised Learning of Visual
    Representations by Solving Jigsaw Puzzles
    <https://arxiv.org/abs/1603.09246>`_, Sec. 3.2), greedily over random
    candidates: each next permutation is the candidate whose smallest
    Hamming distance to those chosen is largest.

    Args:
        num_permutations (int): How many permutations.
        num_tiles (int): Tiles per puzzle (9 for a 3 x 3 grid).
        seed (int): Seed of the candidates. Defaults to 0.

    Returns:
        np.ndarray: ``(num_permutations, num_tiles)`` permutations; the
        first is the identity.
    """
    rng = np.random.default_rng(seed)
    candidates = np.stack([
        rng.permutation(num_tiles)
        for _ in range(max(20 * num_permutations, 1000))
    ])
    chosen = [np.arange(num_tiles)]
    min_dist = (candidates != chosen[0]).sum(1)
    for _ in range(num_permutations - 1):
        best = int(min_dist.argmax())
        chosen.append(candidates[best])
        min_dist = np.minimum(min_dist,
                              (candidates != candidates[best]).sum(1))
    return np.stack(chosen)


@MODELS.register_module()
class S4LClassifier(SemiSupervisedClassifier):
    """Semi-supervised classifier with a self-supervised pretext stream.

    Paper: `S4L: Self-Supervised Semi-Supervised Learning
    <https://arxiv.org/abs/1905.03670>`_: beside the cross entropy on
    labelled images, a self-supervised task on the unlabelled images
    through the shared backbone, ``L = L_ce + w L_pretext``. The ``unsup``
    stream of :class:`SemiSupervisedClassifier` carries the unlabelled
    images (one square view each). Pretext tasks:

    - ``'rotation'`` (S4L-Rotation, Sec. 3.1): each image rotated by 0, 90,
      180 and 270 degrees; ``pretext_head`` predicts which (4 logits);
      ``loss_rotation``.
    - ``'jigsaw'`` (Noroozi and Favaro 2016, as the paper's "S4L, jigsaw"
      row): a ``grid x grid`` puzzle; each tile (a random crop inside its
      cell, so that edges give no shortcut) goes through the backbone, the
      tile features are concatenated in one of ``num_permutations`` fixed
      orders (:func:`jigsaw_permutations`) and ``pretext_head`` (fed
      ``grid^2 x`` the feature width) predicts the order; ``loss_jigsaw``.

    S4L also applies the pretext task to the labelled images; here only the
    unlabelled stream does, so that the cross-entropy stream is the
    baseline's.

    Args:
        pretext_head (dict): A head mapping ``(feats, )`` to the pretext
            logits, e.g. ``LinearClsHead``.
        pretext (str): ``'rotation'`` or ``'jigsaw'``. Defaults to
            ``'rotation'``.
        pretext_loss_weight (float): ``w``. Defaults to 1.0.
        num_permutations (int): Jigsaw classes. Defaults to 100 (Noroozi
            and Favaro's smallest set with good transfer).
        grid (int): Jigsaw tiles per side. Defaults to 3.
        **kwargs: The arguments of :class:`SemiSupervisedClassifier`,
            without ``similarity_projector``/``similarity_loss``.
    """

    def __init__(self,
                 pretext_head: dict,
                 pretext: str = 'rotation',
                 pretext_loss_weight: float = 1.0,
                 num_permutations: int = 100,
                 grid: int = 3,
                 **kwargs) -> None:
        if pretext not in PRETEXTS:
            raise ValueError(
                f'pretext must be one of {PRETEXTS}, but got {pretext!r}')
        if kwargs.get('similarity_projector') is not None:
            raise ValueError('S4LClassifier uses the unsup stream for its '
                             'pretext task: leave similarity_projector and '
                             'similarity_loss out')
        super().__init__(**kwargs)
        self.pretext = pretext
        self.pretext_head = MODELS.build(pretext_head)
        self.pretext_loss_weight = pretext_loss_weight
        self.grid = grid
        # A buffer: the permutation classes are saved with checkpoints.
        self.register_buffer(
            'permutations',
            torch.from_numpy(jigsaw_permutations(num_permutations, grid**2)),
            persistent=True)

    @property
    def streams(self) -> Tuple[str, ...]:
        """tuple[str]: The streams a training batch must hold."""
        streams = super().streams
        return streams + ('unsup', ) if 'unsup' not in streams else streams

    def _loss_similarity(self, views: List[torch.Tensor],
                         data_samples: Optional[list] = None) -> dict:
        """The pretext loss on the unlabelled images.

        Args:
            views (list[torch.Tensor]): One view, ``(N, C, S, S)``.
            data_samples (list, optional): Unused.

        Returns:
            dict: ``loss_rotation`` or ``loss_jigsaw``.
        """
        images = self._single_view(views, 'unsup')
        if images.shape[-1] != images.shape[-2]:
            raise ValueError(f'The {self.pretext} pretext needs square '
                             f'images, but got {tuple(images.shape[-2:])}')
        if self.pretext == 'rotation':
            inputs, target = self._rotations(images)
            logits = self.pretext_head(self.extract_feat(inputs))
        else:
            tiles, target = self._puzzles(images)
            feats = self.extract_feat(tiles)
            feats = feats[-1] if isinstance(feats, (tuple, list)) else feats
            logits = self.pretext_head(
                (feats.reshape(images.size(0), -1), ))
        loss = F.cross_entropy(logits, target)
        return {f'loss_{self.pretext}': self.pretext_loss_weight * loss}

    @staticmethod
    def _rotations(
            images: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """The four rotations of each image and their classes.

        Args:
            images (torch.Tensor): ``(N, C, S, S)``.

        Returns:
            tuple[torch.Tensor, torch.Tensor]: ``(4N, C, S, S)`` images
            (all at 0 degrees, then 90, ...) and their rotation indices.
        """
        rotated = torch.cat(
            [torch.rot90(images, k, dims=(2, 3)) for k in range(4)])
        target = torch.arange(4, device=images.device).repeat_interleave(
            images.size(0))
        return rotated, target

    def _puzzles(self,
                 images: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Cut each image into shuffled tiles.

        Args:
            images (torch.Tensor): ``(N, C, S, S)``.

        Returns:
            tuple[torch.Tensor, torch.Tensor]: ``(N * grid^2, C, t, t)``
            tiles, image by image in shuffled order, and each image's
            permutation index.
        """
        num, _, size, _ = images.shape
        cell = size // self.grid
        tile = max(1, cell - max(1, cell // 8))
        offsets = torch.randint(0, cell - tile + 1, (self.grid**2, 2))
        pieces = []
        for index in range(self.grid**2):
            row, col = divmod(index, self.grid)
            top = row * cell + int(offsets[index, 0])
            left = col * cell + int(offsets[index, 1])
            pieces.append(images[:, :, top:top + tile, left:left + tile])
        tiles = torch.stack(pieces, dim=1)  # (N, grid^2, C, t, t)
        target = torch.randint(
            0, len(self.permutations), (num, ), device=images.device)
        order = self.permutations[target].to(images.device)
        shuffled = tiles[torch.arange(num, device=images.device)[:, None],
                         order]
        return shuffled.flatten(0, 1), target
