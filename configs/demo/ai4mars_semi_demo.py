# CPU demo of the semi-supervised method (configs/ai4mars_semi.py): the
# narrow network and heads of the baseline demo (DeepLabV3+ and its FCN
# auxiliary head) plus a 32-d contrastive head (queues of 8), and the three
# stages in the baseline demo's 20 epochs (4/8/8): contrastive pretraining,
# joint training, joint + online pseudo labels. The two get the same total
# budget; cross entropy trains in 16 of the 20 epochs here.
# This small model is rarely 90% sure after 12 epochs, so pseudo labels use
# the paper's 0.7 (Table 10). `make demo` trains it.
_base_ = ['./ai4mars_deeplabv3plus_demo.py']
norm_cfg = dict(type='BN', requires_grad=True)

model = dict(
    type='PseudoLabelEncoderDecoder',
    pseudo_label_threshold=0.7,
    seg_loss_weight=1.0,
    contrast_loss_weight=0.001,
    # The baseline's heads (DeepLabV3+ and its FCN auxiliary head) and the
    # contrastive head beside them: the comparison changes only the method.
    auxiliary_head=[
        {{_base_.model.auxiliary_head}},
        dict(
            type='MemoryBankContrastHead',
            feat_dim=32,
            queue_len=8,
            in_channels=128,
            in_index=3,
            channels=32,
            dilations=(1, 2, 3, 4),
            c1_in_channels=16,
            c1_channels=8,
            dropout_ratio=0.1,
            num_classes=4,
            norm_cfg=norm_cfg,
            align_corners=False,
            loss_decode=dict(
                type='MemoryBankContrastLoss', temperature=0.07,
                loss_weight=1.0))
    ])

custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='contrastive pretraining', begin=0,
                 seg_loss_weight=0., contrast_loss_weight=1.),
            dict(name='joint', begin=4,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
            dict(name='joint + pseudo labels', begin=12,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
        ]),
    dict(type='OnlinePseudoLabelHook', by_epoch=True, begin=12, interval=8),
]
