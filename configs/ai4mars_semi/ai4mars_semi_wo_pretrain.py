# Table 9, "w/o Pretraining": no contrastive pretraining stage; joint
# training from the start (its 60 epochs go to the joint stage), online
# pseudo labels from epoch 120 as in the full method.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        pseudo_label_log_interval=50,
        stages=[
            dict(name='joint', begin=0),
            dict(name='joint + pseudo labels', begin=2 / 3,
                 pseudo_labels=True),
        ]),
]
