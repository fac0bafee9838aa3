# Table 9, "w/o Joint Semi-Supervised Learning": contrastive pretraining,
# then segmentation alone (contrastive weight 0, so no pseudo labels either)
# for the remaining 120 epochs.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(name='segmentation', begin=1 / 3, seg_loss_weight=1.,
             contrast_loss_weight=0.)]),
]
