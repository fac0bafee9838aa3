# The semi-supervised demo (configs/demo/ai4mars_semi_demo.py) with the
# paper's schedule (configs/ai4mars_semi.py), in the demo's 20 epochs
# (4/8/8): contrastive pretraining, joint training, joint + online pseudo
# labels for the contrastive head only (cross entropy keeps the ground
# truth).
_base_ = ['./ai4mars_semi_demo.py']

model = dict(pseudo_seg_loss_weight=0.)
custom_hooks = [
    dict(_base_.stage_hook, pseudo_label_log_interval=8, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(_base_.joint, begin=4),
        dict(_base_.joint_pseudo_labels, begin=12)]),
]
