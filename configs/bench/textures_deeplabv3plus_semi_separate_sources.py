# Label-efficiency benchmark, segmentation, beyond the paper: the
# semi-supervised config with the labelled and the whole unlabelled images
# of each batch in two forward passes of the backbone and decode head
# (PseudoLabelEncoderDecoder's separate_source_forward), so that batch
# normalisation treats the labelled images' cross entropy as the
# baseline's four-image batches do.
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(separate_source_forward=True)
