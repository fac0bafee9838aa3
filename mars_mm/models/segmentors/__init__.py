from .pseudo_label_encoder_decoder import PseudoLabelEncoderDecoder

__all__ = ['PseudoLabelEncoderDecoder']
