# The paper's element-wise inter-class contrastive head (Sec. 5), the one
# place that states it: a second DeepLabV3+ head (ASPP on the last stage,
# the first stage's features for its decoder) embedding every pixel in
# 128-d, and the memory-bank contrastive loss (Eq. 7, t = 0.07) against
# per-class queues of 32 embeddings. Only a top-level key, so that any
# AI4Mars config can list this file beside its own base and add the head:
#   model = dict(auxiliary_head=dict(_base_.memory_bank_contrast_head))
# The widths are DeepLabV3+ ResNet-101's (2048 / 256 input channels, 512
# ASPP channels, dilations 12-24-36 at output stride 8); a config on a
# smaller network sets its own.
memory_bank_contrast_head = dict(
    type='MemoryBankContrastHead',
    feat_dim=128,
    queue_len=32,
    in_channels=2048,
    in_index=3,
    channels=512,
    dilations=(1, 12, 24, 36),
    c1_in_channels=256,
    c1_channels=48,
    dropout_ratio=0.1,
    num_classes=4,
    norm_cfg=dict(type='SyncBN', requires_grad=True),
    align_corners=False,
    loss_decode=dict(
        type='MemoryBankContrastLoss', temperature=0.07, loss_weight=1.0))
