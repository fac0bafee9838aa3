from .mean_teacher_encoder_decoder import MeanTeacherEncoderDecoder
from .pseudo_label_encoder_decoder import PseudoLabelEncoderDecoder

__all__ = ['MeanTeacherEncoderDecoder', 'PseudoLabelEncoderDecoder']
