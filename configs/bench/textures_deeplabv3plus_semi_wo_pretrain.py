# Diagnosis (benchmarks/label_efficiency.py --variants): the textures
# semi-supervised config without the contrastive pretraining stage (Table 9
# "w/o Pretraining"): joint training from the start, pseudo labels from the
# same epoch as the full method.
_base_ = ['./textures_deeplabv3plus_semi.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='joint', begin=0,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
            dict(name='joint + pseudo labels', begin=12,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
        ]),
    dict(type='OnlinePseudoLabelHook', by_epoch=True, begin=12, interval=8),
]
