# Table 9, "w/o Online Pseudo Labeling": contrastive pretraining, then joint
# training with ground truth only for the remaining 120 epochs.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='contrastive pretraining', begin=0,
                 seg_loss_weight=0., contrast_loss_weight=1.),
            dict(name='joint', begin=1 / 3),
        ]),
]
