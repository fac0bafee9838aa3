# SupCon stage 1 (Table 3 "SupCon + linear classifier" 77.11 and "SupCon +
# all layers" 83.22): Khosla et al., "Supervised Contrastive Learning",
# NeurIPS 2020 (arXiv 2004.11362). The labelled MSL training images, two
# views each (MoCo v2 / SimCLR augmentation), ResNet-50 + a 2-layer MLP
# projection to 128-d, the loss L^sup_out (their Eq. 2) with tau = 0.1 over
# randomly drawn batches (no class balancing, unlike the paper's L_s).
# SGD momentum 0.9, weight decay 1e-4, cosine decay; lr 0.03 = their 0.5 at
# batch 1024 scaled linearly to batch 64; 100 epochs from the ImageNet
# weights (they train 700-1000 from scratch). Stage 2:
# configs/msl_baselines/msl_resnet50_supcon_{linear,all_layers}.py.
#   python tools/train.py configs/selfsup/supcon_resnet50_msl.py
# The two views, SGD settings, hooks and exact-resume data loading of the MoCo
# v2 pretraining config, with the SupCon model on the labelled images.
_base_ = ['./mocov2_resnet50_msl-unlabeled.py']

data_root = 'data/msl-images'
reshuffle_seed = 0

model = dict(
    _delete_=True,
    type='SupCon',
    backbone=dict(
        type='ResNet',
        depth=50,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='checkpoints/resnet50_imagenet.pth',
            prefix='backbone')),
    neck=dict(
        type='NonLinearNeck',
        in_channels=2048,
        hid_channels=2048,
        out_channels=128,
        with_avg_pool=True),
    loss=dict(type='SupervisedContrastiveLoss', temperature=0.1))

train_dataloader = dict(
    batch_size=64,
    num_workers=4,
    dataset=dict(
        _delete_=True,
        type='MSLSurfaceDataset',
        data_root=data_root,
        split='train',
        reshuffle_seed=reshuffle_seed,
        pipeline=_base_.train_pipeline))
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=100, by_epoch=True, begin=0,
         end=100)
]
train_cfg = dict(max_epochs=100)
auto_scale_lr = dict(base_batch_size=64)
default_hooks = dict(checkpoint=dict(max_keep_ckpts=2))
