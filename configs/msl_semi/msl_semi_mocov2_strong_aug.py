# Table 4 "MoCo V2 pretraining + Strong Aug." (paper: 76.63): as
# msl_semi_mocov2_ce_only.py, with the contrastive streams' strong
# augmentation (shape + pixel, configs/msl_semi.py) on the cross-entropy
# stream: the paper's evidence that CE alone cannot learn against it.
_base_ = ['./msl_semi_mocov2_ce_only.py']

strong_sup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='Compose', transforms={{_base_.strong_view_pipeline}}),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='sup'),
]
train_dataloader = dict(
    dataset=dict(datasets=[
        dict(
            type='MSLSurfaceDataset',
            data_root={{_base_.data_root}},
            split='train',
            reshuffle_seed={{_base_.reshuffle_seed}},
            pipeline=strong_sup_pipeline)
    ]))
