# Beyond the paper (benchmarks/label_efficiency.py --variants): the small-data
# segmentation setting (textures_deeplabv3plus_semi.py) with class-balanced
# pseudo-label thresholds (CBST, Zou et al., ECCV 2018): of the unlabelled
# pixels predicted as a class, at least the more confident half take it,
# even below the threshold 0.7. Tried because the seeds where the setting
# loses starve one class of pseudo labels (textures 5% seed 7: sand 1-5% of
# the pseudo-labelled pixels, its test accuracy 44 -> 12 %).
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_label_class_portion=0.5)
