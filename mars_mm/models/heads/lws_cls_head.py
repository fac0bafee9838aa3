"""Learnable weight scaling, LWS (Kang et al. 2020)."""
import torch
import torch.nn as nn
from mmpretrain.models.heads import LinearClsHead
from mmpretrain.registry import MODELS


@MODELS.register_module()
class LWSClsHead(LinearClsHead):
    """A frozen linear classifier whose per-class scales are learnt.

    Paper: `Decoupling Representation and Classifier for Long-Tailed
    Recognition <https://arxiv.org/abs/1910.09217>`_ (Sec. 4, "Learnable
    weight scaling"): after instance-balanced training, the classifier
    weights ``w_j`` are kept and only a scale ``f_j`` per class is learnt
    (with class-balanced sampling), ``w~_j = f_j w_j``. Here the bias is
    scaled with it, i.e. logit ``j`` is ``f_j (w_j . x + b_j)``. The
    ``fc`` weights come from the first stage's checkpoint (the model's
    ``Pretrained`` init_cfg); ``scales`` start at 1.

    Args:
        **kwargs: The arguments of ``LinearClsHead``.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scales = nn.Parameter(torch.ones(self.num_classes))
        for param in self.fc.parameters():
            param.requires_grad = False

    def forward(self, feats) -> torch.Tensor:
        """The scaled logits ``f * fc(x)``.

        Args:
            feats (tuple[torch.Tensor]): The neck's outputs.

        Returns:
            torch.Tensor: Logits, shape ``(N, num_classes)``.
        """
        return self.fc(self.pre_logits(feats)) * self.scales
