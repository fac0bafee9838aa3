# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 4's
# "+ Strong Aug." row (configs/msl_semi/msl_semi_mocov2_strong_aug.py, here
# from scratch): cross entropy alone, on the contrastive streams' strong
# views.
_base_ = ['./digits_resnet18_semi_ce_only.py']

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
            split_files={{_base_.split_files}},
            pipeline=strong_sup_pipeline)
    ]))
