# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's S4L
# jigsaw row (configs/msl_baselines/msl_resnet50_s4l_jigsaw.py: 3 x 3 tiles,
# 100 permutations) on the digits S4L rotation config.
_base_ = ['./digits_resnet18_s4l_rotation.py']

model = dict(
    _base_.s4l_jigsaw_classifier,
    pretext_head=dict(
        _base_.s4l_jigsaw_classifier.pretext_head,
        in_channels=_base_.s4l_jigsaw_classifier.grid**2 *
        _base_.feat_channels))
