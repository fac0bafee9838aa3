# The paper's best start for the classifier (Sec. 6.1, Table 4 "MoCo V2
# pretraining"): a ResNet-50 backbone initialised from MoCo v2 weights. Only
# top-level keys, so that any MSL config can list it beside its own base and
# write `model = dict(backbone=dict(init_cfg={{_base_.mocov2_init_cfg}}))`.
#
# By default the official MoCo v2 ResNet-50 of mmpretrain's model zoo
# (ImageNet, 200 epochs; mmpretrain configs/mocov2/metafile.yml), which
# mmengine downloads into the torch hub cache on first use. Offline, or from
# MoCo v2 on your own unlabelled images, a local file (its `backbone.*`
# entries are loaded):
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/to/mocov2.pth
pretrained_url = ('https://mmassets.onedl.ai/mmselfsup/1.x/mocov2/'
                  'mocov2_resnet50_8xb32-coslr-200e_in1k/'
                  'mocov2_resnet50_8xb32-coslr-200e_in1k_20220825-b6d23c86.pth')
# The config that writes such weights (named when a local file is missing).
pretrain_config = 'configs/selfsup/mocov2_resnet50_msl-unlabeled.py'
# The backbone's start: the URL or a local file.
pretrained_checkpoint = pretrained_url
mocov2_init_cfg = dict(
    type='Pretrained', checkpoint=pretrained_checkpoint, prefix='backbone.')
