# Paper Table 8, Mean Teacher (Tarvainen and Valpola, NeurIPS 2017) on
# AI4Mars: the DeepLabV3+ ResNet-101 baseline (configs/ai4mars_deeplabv3plus_
# r101.py, same optimiser, schedule and evaluation) as the student, an EMA
# teacher with alpha = 0.99 (mmengine momentum 0.01, as French et al. 2020
# and Olsson et al. 2021 use for segmentation) and the MSE between the
# softmax outputs of student and teacher on the unlabelled images, the
# student's input with Gaussian noise (std 0.1 in normalised units).
# Each batch: 8 labelled images of splits/train.txt and 8 images without a
# label file (AI4MarsDataset unlabeled=True), 16 in all as the paper's batch.
_base_ = ['../ai4mars_deeplabv3plus_r101.py']

model = dict(
    type='MeanTeacherEncoderDecoder',
    ema_momentum=0.01,
    mix='none',
    consistency='mse',
    confidence_threshold=0.0,
    unsup_weight=1.0,
    noise_std=0.1)

train_dataloader = dict(
    _base_.labelled_and_unlabeled_train_dataloader, _delete_=True)
