# Paper Table 8, Mean Teacher (Tarvainen and Valpola, NeurIPS 2017) on
# AI4Mars: the DeepLabV3+ ResNet-101 baseline (configs/ai4mars_deeplabv3plus_
# r101.py, same optimiser, schedule and evaluation) as the student of
# configs/_base_/models/mean_teacher_segmentor.py (EMA teacher, MSE
# consistency on the unlabelled images).
# Each batch: 8 labelled images of splits/train.txt and 8 images without a
# label file (AI4MarsDataset unlabeled=True), 16 in all as the paper's batch.
_base_ = [
    '../ai4mars_deeplabv3plus_r101.py',
    '../_base_/models/mean_teacher_segmentor.py'
]

model = dict(_base_.mean_teacher_segmentor)

train_dataloader = dict(
    _base_.labelled_and_unlabeled_train_dataloader, _delete_=True)
