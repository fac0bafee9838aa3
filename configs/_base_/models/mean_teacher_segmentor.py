# Paper Table 8's Mean Teacher (Tarvainen and Valpola, NeurIPS 2017), stated
# once for configs/ai4mars_table8/ai4mars_table8_meanteacher.py and its demo
# twin configs/bench/textures_deeplabv3plus_meanteacher.py, which merge it
# into their DeepLabV3+ model (the student):
#   model = dict(_base_.mean_teacher_segmentor)
# An EMA teacher with alpha = 0.99 (mmengine momentum 0.01, as French et al.
# 2020 and Olsson et al. 2021 use for segmentation) and the MSE between the
# softmax outputs of student and teacher on the unlabelled images, the
# student's input with Gaussian noise (std 0.1 in normalised units).
mean_teacher_segmentor = dict(
    type='MeanTeacherEncoderDecoder',
    ema_momentum=0.01,
    mix='none',
    consistency='mse',
    confidence_threshold=0.0,
    unsup_weight=1.0,
    noise_std=0.1)
