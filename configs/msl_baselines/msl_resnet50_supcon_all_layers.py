# Table 3: SupCon + all layers (paper: 83.22). Khosla et al., "Supervised
# Contrastive Learning", NeurIPS 2020 (arXiv 2004.11362): the stage-1
# representation (configs/selfsup/supcon_resnet50_msl.py) fine-tuned with
# the classifier, every layer trained, with the baseline's schedule and
# learning rates (head 1e-3, backbone 1e-6, as every fine-tuning of the
# paper).
#   python tools/train.py configs/selfsup/supcon_resnet50_msl.py
#   python tools/train.py \
#       configs/msl_baselines/msl_resnet50_supcon_all_layers.py
_base_ = ['../msl_resnet50.py']

pretrain_config = 'configs/selfsup/supcon_resnet50_msl.py'
supcon_checkpoint = 'work_dirs/supcon_resnet50_msl/epoch_100.pth'

model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint=supcon_checkpoint,
            prefix='backbone.')))
