# Issue 16: the textures semi-supervised config
# (configs/bench/textures_deeplabv3plus_semi.py) whose contrastive head is
# the light one: a two-layer 1x1 projection (LightContrastHead) of the
# DeepLabV3+ decode head's fused features (32 channels) in place of the
# second DeepLabV3+ head; the same memory bank (32-d, queues of 8), Eq. 7,
# pseudo labels and schedule.
_base_ = ['./textures_deeplabv3plus_semi.py']
norm_cfg = dict(type='BN', requires_grad=True)

model = dict(auxiliary_head=[
    # The FCN auxiliary head of the baseline demo, as in the base config.
    _base_.model.auxiliary_head[0],
    dict(
        type='LightContrastHead',
        in_channels=_base_.model.decode_head.channels,
        channels=32,
        feat_dim=32,
        queue_len=8,
        num_classes=4,
        norm_cfg=norm_cfg,
        loss_decode=dict(
            type='MemoryBankContrastLoss', temperature=0.07,
            loss_weight=1.0)),
])
