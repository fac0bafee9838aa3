# Diagnosis (benchmarks/label_efficiency.py --variants): the small-data
# segmentation setting (textures_deeplabv3plus_semi.py) without its pseudo
# labels: joint cross entropy + contrast (weight 0.001) over the whole
# budget, the unlabelled images in every batch. Separates what the
# self-training stage does from what the rest of the setting does.
_base_ = ['./textures_deeplabv3plus_semi.py']

custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.joint, begin=0)]),
]
