# Table 9, "w/o Online Pseudo Labeling": contrastive pretraining, then joint
# training with ground truth only for the remaining 120 epochs.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(_base_.joint, begin=1 / 3)]),
]
