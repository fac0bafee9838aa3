# The paper's semi-supervised segmentation (Wang et al. 2022, Sec. 5 and
# 7.1) on AI4Mars: DeepLabV3+ ResNet-101 without ImageNet pretraining, a
# second DeepLabV3+ head embedding pixels in 128-d for the memory-bank
# contrastive loss (Eq. 7; queues of 32, t = 0.07), and three stages of 60
# epochs: (1) contrastive pretraining alone, (2) joint training with
# lambda = 0.001, (3) the same plus online pseudo labels (threshold 0.9).
# Dataset, SGD lr 0.01 poly, batch 16 and runtime: the DeepLabV3+ baseline.
# SyncBN across GPUs: the mmseg base model uses SyncBN layers, which act as
# plain BN in a single process.
_base_ = [
    './ai4mars_deeplabv3plus_r101.py',
    '_base_/models/memory_bank_contrast_head.py',
    '_base_/schedules/segmentation_stages.py'
]

model = dict(
    type='PseudoLabelEncoderDecoder',
    pseudo_label_threshold=0.9,
    # The joint stages' weights (SegmentationStageHook sets stage 1's).
    seg_loss_weight=1.0,
    contrast_loss_weight=0.001,
    # In place of the baseline's FCN auxiliary head: the contrastive head
    # (configs/_base_/models/memory_bank_contrast_head.py).
    auxiliary_head=dict(_base_.memory_bank_contrast_head, _delete_=True))

# The three stages of 60 epochs, as fractions of the schedule's max_epochs
# (180), so that lengthening the run moves them along. Stages 2-3 take the
# model's weights above (lambda = 0.001); stage 3 adds pseudo labels.
custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(_base_.joint, begin=1 / 3),
        dict(_base_.joint_pseudo_labels, begin=2 / 3)]),
]
