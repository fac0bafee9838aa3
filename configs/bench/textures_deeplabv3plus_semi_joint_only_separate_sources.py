# Diagnosis: textures_deeplabv3plus_semi_joint_only.py (no pseudo labels)
# with the labelled and the unlabelled images in separate forward passes
# (separate_source_forward): what mixing the two sources in one batch-norm
# batch does when the unlabelled images train nothing but the contrast head
# (benchmarks/LABEL_EFFICIENCY_TEXTURES_5PCT_SUBSET2_BATCH_NORM.md: on the
# lost 5% subset, -6.90 mIoU on test in one pass, +2.60 in two).
_base_ = ['./textures_deeplabv3plus_semi_joint_only.py']

model = dict(separate_source_forward=True)
