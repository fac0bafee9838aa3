# Diagnosis (benchmarks/label_efficiency.py --variants): the textures
# semi-supervised config with the paper's schedule
# (configs/demo/ai4mars_semi_paper_schedule_demo.py): contrastive pretraining
# for the first 20% of the budget, joint training, then online pseudo labels
# for the contrastive head only.
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_seg_loss_weight=0.)
custom_hooks = [
    dict(
        type='SegmentationStageHook',
        by_epoch=True,
        pseudo_label_log_interval=8,
        stages=[
            dict(name='contrastive pretraining', begin=0,
                 seg_loss_weight=0., contrast_loss_weight=1.),
            dict(name='joint', begin=4,
                 seg_loss_weight=1., contrast_loss_weight=0.001),
            dict(name='joint + pseudo labels', begin=12,
                 seg_loss_weight=1., contrast_loss_weight=0.001,
                 pseudo_labels=True),
        ]),
]
