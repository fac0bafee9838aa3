# Issue 16, beyond the paper: its semi-supervised segmentation
# (configs/ai4mars_semi.py: schedule, memory bank, Eq. 7, pseudo labels)
# with a light contrastive head in place of the second DeepLabV3+ head: a
# two-layer 1x1 projection (LightContrastHead: 512 -> 256 -> 128) of the
# decode head's fused features before conv_seg (512 channels at 1/4 of the
# input), computed in the decode head's single forward of the step.
_base_ = ['../ai4mars_semi.py']
norm_cfg = dict(type='SyncBN', requires_grad=True)

model = dict(
    auxiliary_head=dict(
        _delete_=True,
        type='LightContrastHead',
        in_channels={{_base_.model.decode_head.channels}},
        channels=256,
        feat_dim=128,
        queue_len=32,
        num_classes=4,
        norm_cfg=norm_cfg,
        loss_decode=dict(
            type='MemoryBankContrastLoss', temperature=0.07,
            loss_weight=1.0)))
