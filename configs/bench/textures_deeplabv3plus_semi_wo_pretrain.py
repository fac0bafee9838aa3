# Diagnosis (benchmarks/label_efficiency.py --variants): the paper-schedule
# textures config (textures_deeplabv3plus_semi_paper_schedule.py) without the
# contrastive pretraining stage (Table 9 "w/o Pretraining"): joint training
# from the start, pseudo labels (contrastive head only) from the same epoch.
_base_ = ['./textures_deeplabv3plus_semi_paper_schedule.py']
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        pseudo_label_log_interval=8,
        stages=[
            dict(name='joint', begin=0,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
            dict(name='joint + pseudo labels', begin=12,
                 seg_loss_weight=1., contrast_loss_weight=0.001,
                 pseudo_labels=True),
        ]),
]
