# Diagnosis (benchmarks/label_efficiency.py --variants): the paper-schedule
# textures config (textures_deeplabv3plus_semi_paper_schedule.py) without the
# contrastive pretraining stage (Table 9 "w/o Pretraining"): joint training
# from the start, pseudo labels (contrastive head only) from the same epoch.
_base_ = ['./textures_deeplabv3plus_semi_paper_schedule.py']
custom_hooks = [
    dict(_base_.stage_hook, pseudo_label_log_interval=8, stages=[
        dict(_base_.joint, begin=0),
        dict(_base_.joint_pseudo_labels, begin=12)]),
]
