# Table 11: contrastive loss weight lambda = 0.01 in the joint stages (the
# paper's choice: 0.001).
_base_ = ['../ai4mars_semi.py']
lambda_contrast = 0.01
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='contrastive pretraining', begin=0,
                 seg_loss_weight=0., contrast_loss_weight=1.),
            dict(name='joint', begin=60,
                 seg_loss_weight=1., contrast_loss_weight=lambda_contrast),
            dict(name='joint + pseudo labels', begin=120,
                 seg_loss_weight=1., contrast_loss_weight=lambda_contrast),
        ]),
    dict(type='OnlinePseudoLabelHook', by_epoch=True, begin=120, interval=50),
]
