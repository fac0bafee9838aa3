# Diagnosis (benchmarks/label_efficiency.py --variants): the textures
# semi-supervised config with the paper's schedule
# (configs/demo/ai4mars_semi_paper_schedule_demo.py): contrastive pretraining
# for the first 20% of the budget, joint training, then online pseudo labels
# for the contrastive head only.
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_seg_loss_weight=0.)
custom_hooks = [
    dict(_base_.stage_hook, pseudo_label_log_interval=8, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(_base_.joint, begin=4),
        dict(_base_.joint_pseudo_labels, begin=12)]),
]
