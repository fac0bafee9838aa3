# Diagnosis (benchmarks/label_efficiency.py --variants): the paper-schedule
# textures config without online pseudo labels (Table 9 "w/o Online
# Pseudo Labeling"): contrastive pretraining, then joint training with the
# ground truth only. The unlabelled images still pass through the network.
_base_ = ['./textures_deeplabv3plus_semi_paper_schedule.py']
custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(_base_.joint, begin=4)]),
]
