# Table 3: SupCon + linear classifier (paper: 77.11). Khosla et al.,
# "Supervised Contrastive Learning", NeurIPS 2020 (arXiv 2004.11362),
# stage 2 as in their paper: a linear classifier trained with cross entropy
# on the frozen stage-1 representation (configs/selfsup/
# supcon_resnet50_msl.py), the baseline's schedule (Adam, head lr 1e-3, 30
# epochs).
#   python tools/train.py configs/selfsup/supcon_resnet50_msl.py
#   python tools/train.py configs/msl_baselines/msl_resnet50_supcon_linear.py
_base_ = ['../msl_resnet50.py', '../_base_/models/table3_methods.py']

pretrain_config = 'configs/selfsup/supcon_resnet50_msl.py'
supcon_checkpoint = 'work_dirs/supcon_resnet50_msl/epoch_100.pth'

model = dict(
    backbone=dict(
        _base_.frozen_backbone,
        init_cfg=dict(
            type='Pretrained', checkpoint=supcon_checkpoint,
            prefix='backbone.')))
optim_wrapper = _base_.frozen_backbone_optim_wrapper
