# Table 4 "MoCo V2 pretraining + L_s" (paper: 93.82): MoCo v2 weights
# (configs/msl_semi_mocov2.py), cross entropy + inter-class contrast, no
# unlabelled stream. Without MoCo: msl_semi_wo_similarity.py.
_base_ = [
    './msl_semi_wo_similarity.py', '../_base_/models/mocov2_resnet50_start.py'
]

model = dict(backbone=dict(init_cfg={{_base_.mocov2_init_cfg}}))
