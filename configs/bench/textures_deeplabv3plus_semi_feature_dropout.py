# Label-efficiency benchmark, segmentation, beyond the paper: the
# semi-supervised config with its self-training loss taken on the decode
# head's logits from the step's backbone features with half of their
# channels dropped (UniMatch's feature perturbation;
# PseudoLabelEncoderDecoder's pseudo_label_mix='feature_dropout'), against
# the pseudo labels of the clean features.
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_label_mix='feature_dropout')
