# Table 4 "MoCo V2 pretraining + L_u" (paper: 78.65): MoCo v2 weights
# (configs/msl_semi_mocov2.py), cross entropy + the similarity loss on
# unlabelled images, no inter-class contrast. Without MoCo:
# msl_semi_wo_inter_class.py.
_base_ = [
    './msl_semi_wo_inter_class.py', '../_base_/models/mocov2_resnet50_start.py'
]

model = dict(backbone=dict(init_cfg={{_base_.mocov2_init_cfg}}))
