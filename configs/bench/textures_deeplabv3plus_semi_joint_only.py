# Diagnosis (benchmarks/label_efficiency.py --variants): the small-data
# segmentation setting (textures_deeplabv3plus_semi.py) without its pseudo
# labels: joint cross entropy + contrast (weight 0.001) over the whole
# budget, the unlabelled images in every batch. Separates what the
# self-training stage does from what the rest of the setting does.
# Measured at 5% (benchmarks/LABEL_EFFICIENCY_TEXTURES_JOINT_ONLY.md, five
# runs per labelled subset): val +1.22 +- 2.42, test +0.43 +- 4.51 mIoU over
# the baseline, against the shipped setting's +2.85 +- 3.29 and +1.96 +- 4.08.
_base_ = ['./textures_deeplabv3plus_semi.py']

custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.joint, begin=0)]),
]
