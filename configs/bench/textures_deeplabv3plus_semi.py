# Label-efficiency benchmark (benchmarks/label_efficiency.py), segmentation,
# semi-supervised: the CPU demo's semi-supervised setting
# (configs/demo/ai4mars_semi_demo.py) on the texture set, with the labelled
# images and evaluation of configs/bench/textures_deeplabv3plus_baseline.py.
# Each batch holds the baseline's 4 labelled images and 4 of the training
# images left unlabelled (train_unlabelled.txt of ai4mars_split.py
# --labelled-fraction), whose pixels are all unlabelled.
_base_ = ['../demo/ai4mars_semi_demo.py']
data_root = 'data/bench/textures-ai4mars/msl'
split_dir = 'labelled-5pct-seed0'

labelled_batch, unlabeled_batch = 4, 4
train_dataloader = dict(
    batch_size=labelled_batch + unlabeled_batch,
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[
            dict(
                type='AI4MarsDataset',
                data_root=data_root,
                ann_file=f'{split_dir}/train.txt',
                pipeline={{_base_.train_pipeline}}),
            dict(
                type='AI4MarsDataset',
                data_root=data_root,
                ann_file=f'{split_dir}/train_unlabelled.txt',
                unlabeled=True,
                pipeline={{_base_.train_pipeline}}),
        ]),
    sampler=dict(
        _base_.two_source_sampler,
        _delete_=True,
        batch_sizes=[labelled_batch, unlabeled_batch]))
val_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file=f'{split_dir}/val.txt'))
test_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file=f'{split_dir}/test.txt'))
