# Table 9, "w/o Joint Semi-Supervised Learning": contrastive pretraining,
# then segmentation alone (contrastive weight 0, so no pseudo labels either)
# for the remaining 120 epochs.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='contrastive pretraining', begin=0,
                 seg_loss_weight=0., contrast_loss_weight=1.),
            dict(name='segmentation', begin=1 / 3,
                 seg_loss_weight=1., contrast_loss_weight=0.),
        ]),
]
