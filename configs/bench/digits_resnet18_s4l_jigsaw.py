# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 3's S4L
# jigsaw row (configs/msl_baselines/msl_resnet50_s4l_jigsaw.py: 3 x 3 tiles,
# 100 permutations) on the digits S4L rotation config.
_base_ = ['./digits_resnet18_s4l_rotation.py']

grid = 3
num_permutations = 100

model = dict(
    pretext='jigsaw',
    grid=grid,
    num_permutations=num_permutations,
    pretext_head=dict(
        num_classes=num_permutations, in_channels=grid * grid * 128))
