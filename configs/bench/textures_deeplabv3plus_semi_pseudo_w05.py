# Diagnosis (benchmarks/label_efficiency.py --variants): the small-data
# segmentation setting (textures_deeplabv3plus_semi.py) with the
# self-training cross entropy on pseudo-labelled pixels at half the weight
# of the labelled pixels' (pseudo_seg_loss_weight=0.5 instead of 1).
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_seg_loss_weight=0.5)
