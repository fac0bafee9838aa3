# The semi-supervised demo (configs/demo/ai4mars_semi_demo.py) with the
# paper's schedule (configs/ai4mars_semi.py), in the demo's 20 epochs
# (4/8/8): contrastive pretraining, joint training, joint + online pseudo
# labels for the contrastive head only (cross entropy keeps the ground
# truth).
_base_ = ['./ai4mars_semi_demo.py']

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
