# Table 9, "w/o Pretraining": no contrastive pretraining stage; joint
# training from the start (its 60 epochs go to the joint stage), online
# pseudo labels from epoch 120 as in the full method.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='joint', begin=0,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
            dict(name='joint + pseudo labels', begin=120,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
        ]),
    dict(type='OnlinePseudoLabelHook', by_epoch=True, begin=120, interval=50),
]
