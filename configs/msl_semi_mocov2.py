# The paper's best classifier (Sec. 6.1; Table 3 "ours" 95.86 top-1, Table 4
# "all"): the semi-supervised fine-tuning of configs/msl_semi.py from MoCo v2
# weights instead of ImageNet ones. Only the backbone's start changes.
#
# By default the official MoCo v2 ResNet-50 of mmpretrain's model zoo
# (ImageNet, 200 epochs; mmpretrain configs/mocov2/metafile.yml), which
# mmengine downloads into the torch hub cache on first use. Offline, or from
# MoCo v2 on your own unlabelled images, a local file (its `backbone.*`
# entries are loaded):
#   python tools/train.py configs/selfsup/mocov2_resnet50_msl-unlabeled.py
#   python tools/train.py configs/msl_semi_mocov2.py --cfg-options \
#       model.backbone.init_cfg.checkpoint=$(cat \
#       work_dirs/mocov2_resnet50_msl-unlabeled/last_checkpoint)
_base_ = ['./msl_semi.py']

pretrained_url = ('https://mmassets.onedl.ai/mmselfsup/1.x/mocov2/'
                  'mocov2_resnet50_8xb32-coslr-200e_in1k/'
                  'mocov2_resnet50_8xb32-coslr-200e_in1k_20220825-b6d23c86.pth')
# The config that writes such weights (named when a local file is missing).
pretrain_config = 'configs/selfsup/mocov2_resnet50_msl-unlabeled.py'
# The backbone's start: the URL or a local file.
pretrained_checkpoint = pretrained_url

model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint=pretrained_checkpoint,
            prefix='backbone.')))
