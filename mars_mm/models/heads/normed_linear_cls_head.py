"""A cosine classifier head, as LDAM's normalised linear layer."""
import torch
from mmpretrain.models.heads import LinearClsHead
from mmpretrain.models.heads.margin_head import NormProduct
from mmpretrain.registry import MODELS


@MODELS.register_module()
class NormedLinearClsHead(LinearClsHead):
    """``LinearClsHead`` whose logits are cosines ``K(x, w_j)``.

    The features and each class weight are L2-normalised and there is no
    bias, as the ``NormedLinear`` layer of the LDAM code (Cao et al. 2019),
    whose :class:`LDAMLoss` subtracts its margins from these cosines and
    multiplies by its scale ``s``. Prediction takes the largest cosine.

    Args:
        **kwargs: The arguments of ``LinearClsHead``.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fc = NormProduct(self.in_channels, self.num_classes)

    def forward(self, feats) -> torch.Tensor:
        """The cosines between the features and the class weights.

        Args:
            feats (tuple[torch.Tensor]): The neck's outputs.

        Returns:
            torch.Tensor: Cosines, shape ``(N, num_classes)``.
        """
        return self.fc(self.pre_logits(feats))
