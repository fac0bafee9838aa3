# Table 3: S4L, jigsaw (paper: 81.81). The S4L scheme (Zhai et al., "S4L:
# Self-Supervised Semi-Supervised Learning", ICCV 2019, arXiv 1905.03670)
# with the jigsaw pretext of Noroozi and Favaro ("Unsupervised Learning of
# Visual Representations by Solving Jigsaw Puzzles", ECCV 2016, arXiv
# 1603.09246): each unlabelled 224 px view is cut into a 3 x 3 grid of
# 74 px cells, a random 65 px tile inside each (their 225 -> 75 -> 64), the
# tiles go through the shared backbone one by one, their pooled features
# are concatenated in one of 100 fixed orders (maximal Hamming distance,
# their set of 100) and a linear head predicts the order; weight w = 1.
_base_ = ['./msl_resnet50_s4l_rotation.py']

grid = 3
feat_channels = 2048
num_permutations = 100

model = dict(
    pretext='jigsaw',
    grid=grid,
    num_permutations=num_permutations,
    pretext_head=dict(
        num_classes=num_permutations,
        in_channels=grid * grid * feat_channels))
