"""Mean Teacher and its mixing variants (CutOut, CutMix, ClassMix), the
consistency-based comparison methods of paper Table 8."""
import math
from typing import Tuple

import torch
import torch.nn.functional as F
from mmengine.model import ExponentialMovingAverage
from mmseg.models.segmentors import EncoderDecoder
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from mmseg.utils import SampleList, add_prefix

from ..utils import (labelled_samples, logit_parts, logits_of_parts,
                     pseudo_label_region)
from ..utils.mix_masks import box_mask, class_mix_mask, mix

MIXES = ('none', 'cutout', 'cutmix', 'classmix')


@MODELS.register_module()
class MeanTeacherEncoderDecoder(EncoderDecoder):
    """An ``EncoderDecoder`` student with an EMA teacher for unlabelled images.

    `Mean Teacher <https://arxiv.org/abs/1703.01780>`_ (Tarvainen and
    Valpola, 2017): the teacher is an exponential moving average of the
    student (mmengine's :class:`ExponentialMovingAverage` of the backbone,
    neck and decode head), updated at the start of every training step, so
    that step t's teacher averages the students up to step t. The student
    learns from the ground truth of the labelled images (``sup_`` losses of
    the decode and auxiliary heads) and from the teacher's predictions on
    the unlabelled images (``unsup_loss_cons``), where ``mix`` chooses the
    perturbation between the teacher's and the student's inputs:

    - ``'none'``: Mean Teacher; the student sees the image with Gaussian
      noise of std ``noise_std`` (normalised input units).
    - ``'cutout'``: a box of ``mix_area`` of the image is erased (set to 0,
      the mean colour after normalisation) for the student; the target is
      the teacher's prediction on the whole image, the loss is taken outside
      the box (French et al. 2020).
    - ``'cutmix'``: two unlabelled images (each with the next of the batch)
      are mixed by a box mask M, ``M * x_a + (1 - M) * x_b``; the target
      mixes the teacher's predictions on each (French et al. 2020).
    - ``'classmix'``: as ``'cutmix'`` with M the pixels of half the classes
      that the teacher predicts in ``x_a`` (Olsson et al. 2021).

    Which images are unlabelled: those without any labelled pixel (whole
    unlabelled images, e.g. ``AI4MarsDataset(unlabeled=True)`` in a
    two-source batch); supervised losses use the others only. Only terrain
    pixels enter the consistency loss (:func:`pseudo_label_region`: not
    padding, not rover- or range-masked). Inference is the student's,
    exactly ``EncoderDecoder``'s.

    Args:
        ema_momentum (float): mmengine's EMA momentum m,
            ``teacher = (1 - m) * teacher + m * student``; the Mean Teacher
            paper's alpha is ``1 - m``. Defaults to 0.01 (alpha 0.99, as
            French et al. and Olsson et al.).
        mix (str): One of 'none', 'cutout', 'cutmix', 'classmix'.
            Defaults to 'none'.
        consistency (str): 'mse' (squared distance of softmax outputs, as
            Mean Teacher and French et al.) or 'ce' (cross entropy to the
            teacher's argmax, weighted by the share of confident pixels, as
            ClassMix). Defaults to 'mse'.
        confidence_threshold (float): 'mse': pixels where the teacher's max
            probability is below it contribute 0 (French et al.: 0.97);
            'ce': the share of pixels at or above it weighs the loss
            (Olsson et al.: 0.968). Defaults to 0 (no threshold).
        unsup_weight (float): Weight of the consistency loss after ramp-up.
            Defaults to 1.0.
        rampup_iters (int): Iterations of Mean Teacher's sigmoid ramp-up of
            the weight, ``exp(-5 (1 - t / T)^2)``; 0 for none. Defaults to 0.
        noise_std (float): Std of the student's input noise with
            ``mix='none'``. Defaults to 0.1.
        mix_area (float): Box area fraction of 'cutout' and 'cutmix'.
            Defaults to 0.5 (French et al.).
        **kwargs: Arguments of :class:`EncoderDecoder`.
    """

    def __init__(self,
                 ema_momentum: float = 0.01,
                 mix: str = 'none',
                 consistency: str = 'mse',
                 confidence_threshold: float = 0.0,
                 unsup_weight: float = 1.0,
                 rampup_iters: int = 0,
                 noise_std: float = 0.1,
                 mix_area: float = 0.5,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if mix not in MIXES:
            raise ValueError(f'mix must be one of {MIXES}, got {mix!r}')
        if consistency not in ('mse', 'ce'):
            raise ValueError("consistency must be 'mse' or 'ce', got "
                             f'{consistency!r}')
        if not 0 <= confidence_threshold <= 1:
            raise ValueError('confidence_threshold must lie in [0, 1], got '
                             f'{confidence_threshold}')
        if self.out_channels != self.num_classes:
            raise ValueError('the teacher targets need softmax logits: the '
                             'decode head must have out_channels == '
                             f'num_classes, got {self.out_channels}')
        self.mix = mix
        self.consistency = consistency
        self.confidence_threshold = float(confidence_threshold)
        self.unsup_weight = float(unsup_weight)
        self.rampup_iters = int(rampup_iters)
        self.noise_std = float(noise_std)
        self.mix_area = float(mix_area)
        self.teacher = ExponentialMovingAverage(
            logit_parts(self), momentum=ema_momentum)

    @torch.no_grad()
    def update_teacher(self) -> None:
        """One EMA step of the teacher towards the student (the first call
        copies the student)."""
        self.teacher.update_parameters(logit_parts(self))

    @torch.no_grad()
    def teacher_logits(self, inputs: torch.Tensor) -> torch.Tensor:
        """The teacher's logits at the size of ``inputs`` (eval mode)."""
        teacher = self.teacher.module
        was_training = teacher.training
        teacher.eval()
        logits = logits_of_parts(teacher, inputs)
        teacher.train(was_training)
        return resize(
            logits,
            size=inputs.shape[2:],
            mode='bilinear',
            align_corners=self.align_corners)

    def unsup_weight_at(self, step: int) -> float:
        """The consistency weight at a step: Mean Teacher's sigmoid ramp-up
        ``w * exp(-5 (1 - t / T)^2)`` for t < T, then ``w``."""
        if self.rampup_iters <= 0 or step >= self.rampup_iters:
            return self.unsup_weight
        phase = 1.0 - step / self.rampup_iters
        return self.unsup_weight * math.exp(-5.0 * phase * phase)

    @staticmethod
    def consistency_loss(student_logits: torch.Tensor,
                         teacher_probs: torch.Tensor,
                         weight: torch.Tensor,
                         kind: str = 'mse',
                         threshold: float = 0.0) -> torch.Tensor:
        """The consistency loss between student and teacher on the pixels
        of ``weight``.

        ``'mse'``: ``sum_p w_p [max_c q_pc >= thr] |softmax(s_p) - q_p|^2 /
        sum_p w_p`` (squared distance summed over classes).
        ``'ce'``: ``r * sum_p w_p CE(s_p, argmax_c q_pc) / sum_p w_p`` with
        r the weighted share of pixels whose ``max_c q_pc >= thr``
        (ClassMix's pixel weight).

        Args:
            student_logits (torch.Tensor): Student logits (B, C, H, W).
            teacher_probs (torch.Tensor): Teacher probabilities (B, C, H, W),
                no gradient.
            weight (torch.Tensor): Pixel weights (B, H, W) in [0, 1].
            kind (str): 'mse' or 'ce'. Defaults to 'mse'.
            threshold (float): Teacher confidence threshold. Defaults to 0.

        Returns:
            torch.Tensor: A scalar; zero (in the graph) without pixels.
        """
        weight = weight.to(student_logits.dtype)
        total = weight.sum()
        if total <= 0:
            return student_logits.sum() * 0.
        conf, target = teacher_probs.max(dim=1)
        confident = (conf >= threshold).to(weight.dtype)
        if kind == 'mse':
            dist = (student_logits.softmax(dim=1) -
                    teacher_probs).pow(2).sum(dim=1)
            return (dist * weight * confident).sum() / total
        ratio = (confident * weight).sum() / total
        ce = F.cross_entropy(student_logits, target, reduction='none')
        return ratio * (ce * weight).sum() / total

    def _perturb(self, inputs: torch.Tensor, probs: torch.Tensor,
                 region: torch.Tensor
                 ) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The student's input, the target and the pixel weights of
        ``self.mix`` for unlabelled images, teacher probabilities and
        terrain regions."""
        region = region.to(inputs.dtype)
        batch, _, height, width = inputs.shape
        if self.mix == 'none':
            noise = torch.randn_like(inputs) * self.noise_std
            return inputs + noise, probs, region
        if self.mix == 'cutout':
            keep = 1 - box_mask(batch, height, width,
                                self.mix_area).to(inputs.device)
            return mix(keep, inputs, torch.zeros_like(inputs)), probs, \
                keep * region
        if self.mix == 'cutmix':
            mask = box_mask(batch, height, width,
                            self.mix_area).to(inputs.device)
        else:
            mask = class_mix_mask(probs.argmax(dim=1), region.bool())
        # Each image with the next one of the batch.
        order = torch.roll(torch.arange(batch, device=inputs.device), -1)
        return (mix(mask, inputs, inputs[order]),
                mix(mask, probs, probs[order]),
                mix(mask, region, region[order]))

    def loss(self, inputs: torch.Tensor, data_samples: SampleList) -> dict:
        """Supervised losses on labelled images, consistency on unlabelled.

        Args:
            inputs (torch.Tensor): Input images (B, 3, H, W).
            data_samples (list[:obj:`SegDataSample`]): Samples with
                ``gt_sem_seg`` (all 255 for a whole unlabelled image).

        Returns:
            dict[str, torch.Tensor]: ``sup_decode.*``, ``sup_aux*.*`` and
            ``unsup_loss_cons``.
        """
        step = int(self.teacher.steps)
        self.update_teacher()
        labelled = labelled_samples(data_samples,
                                    self.decode_head.ignore_index)
        lab = [i for i, flag in enumerate(labelled) if flag]
        unl = [i for i, flag in enumerate(labelled) if not flag]
        losses = {}
        if lab:
            sup = super().loss(inputs[lab], [data_samples[i] for i in lab])
            losses.update(add_prefix(sup, 'sup'))
        if unl:
            u_inputs = inputs[unl]
            u_samples = [data_samples[i] for i in unl]
            probs = self.teacher_logits(u_inputs).softmax(dim=1)
            region = pseudo_label_region(u_samples, *u_inputs.shape[2:],
                                         u_inputs.device)
            student_in, target, weight = self._perturb(u_inputs, probs,
                                                       region)
            logits = resize(
                self.decode_head(self.extract_feat(student_in)),
                size=u_inputs.shape[2:],
                mode='bilinear',
                align_corners=self.align_corners)
            loss = self.consistency_loss(logits, target, weight,
                                         self.consistency,
                                         self.confidence_threshold)
            losses['unsup_loss_cons'] = loss * self.unsup_weight_at(step)
        else:
            # Zero that keeps the graph, so DDP sees every parameter used.
            losses['unsup_loss_cons'] = sum(
                p.sum() * 0. for p in self.decode_head.parameters())
        return losses

