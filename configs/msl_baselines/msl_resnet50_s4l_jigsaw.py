# Table 3: S4L, jigsaw (paper: 81.81): the S4L scheme with the jigsaw
# pretext of Noroozi and Favaro 2016 (configs/_base_/models/
# table3_methods.py): each unlabelled 224 px view is cut into a 3 x 3 grid
# of 74 px cells, a random 65 px tile inside each (their 225 -> 75 -> 64),
# 100 permutations.
_base_ = ['./msl_resnet50_s4l_rotation.py']

model = dict(
    _base_.s4l_jigsaw_classifier,
    pretext_head=dict(
        _base_.s4l_jigsaw_classifier.pretext_head,
        in_channels=_base_.s4l_jigsaw_classifier.grid**2 *
        _base_.feat_channels))
