# CPU demo of the paper's best classifier (configs/msl_semi_mocov2.py; Sec.
# 6.1, Table 4 "all"): the semi-supervised demo (configs/demo/
# msl_semi_demo.py) fine-tuned from the backbone of the MoCo v2 demo
# pretraining instead of from scratch. Only the backbone's start changes
# (the demo's learning rates stay those of training from scratch: 64 px
# MoCo on 48 synthetic images is a weak start, not ImageNet's).
#   python tools/train.py configs/demo/mocov2_resnet18_demo.py
#   python tools/train.py configs/demo/msl_semi_mocov2_demo.py
_base_ = ['./msl_semi_demo.py']

# The config that writes the weights (named when the file is missing).
pretrain_config = 'configs/demo/mocov2_resnet18_demo.py'
# Its last checkpoint (200 epochs) in tools/train.py's default work dir; or
# --cfg-options model.backbone.init_cfg.checkpoint=PATH
pretrained_checkpoint = 'work_dirs/mocov2_resnet18_demo/epoch_200.pth'

model = dict(
    backbone=dict(
        # `_delete_`: the demo's init_cfg is None (from scratch).
        init_cfg=dict(
            _delete_=True,
            type='Pretrained',
            checkpoint=pretrained_checkpoint,
            prefix='backbone.')))
