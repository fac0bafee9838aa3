# Diagnosis (benchmarks/label_efficiency.py --variants): the paper-schedule
# textures config without online pseudo labels (Table 9 "w/o Online
# Pseudo Labeling"): contrastive pretraining, then joint training with the
# ground truth only. The unlabelled images still pass through the network.
_base_ = ['./textures_deeplabv3plus_semi_paper_schedule.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        stages=[
            dict(name='contrastive pretraining', begin=0,
                 seg_loss_weight=0., contrast_loss_weight=1.),
            dict(name='joint', begin=4,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
        ]),
]
