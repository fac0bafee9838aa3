# The paper's best classifier (Sec. 6.1; Table 3 "ours" 95.86 top-1, Table 4
# "all"): the semi-supervised fine-tuning of configs/msl_semi.py from MoCo v2
# weights instead of ImageNet ones. Only the backbone's start changes
# (configs/_base_/models/mocov2_resnet50_start.py says where the weights come
# from: the official checkpoint by default). From MoCo v2 on your own
# unlabelled images:
#   python tools/train.py configs/selfsup/mocov2_resnet50_msl-unlabeled.py
#   python tools/train.py configs/msl_semi_mocov2.py --cfg-options \
#       model.backbone.init_cfg.checkpoint=$(cat \
#       work_dirs/mocov2_resnet50_msl-unlabeled/last_checkpoint)
_base_ = ['./msl_semi.py', '_base_/models/mocov2_resnet50_start.py']

model = dict(backbone=dict(init_cfg={{_base_.mocov2_init_cfg}}))
