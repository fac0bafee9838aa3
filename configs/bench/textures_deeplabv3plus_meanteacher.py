# Label-efficiency benchmark (benchmarks/label_efficiency.py), Table 8's
# Mean Teacher at demo scale (configs/ai4mars_table8/ai4mars_table8_
# meanteacher.py): the baseline's DeepLabV3+ demo network (configs/bench/
# textures_deeplabv3plus_baseline.py, same labelled images, schedule and
# evaluation) as the student of an EMA teacher (alpha 0.99), MSE
# consistency on the unlabelled images. Each batch holds the baseline's 4
# labelled images and 4 of the training images left unlabelled
# (train_unlabelled.txt), as configs/bench/textures_deeplabv3plus_semi.py.
_base_ = [
    '../demo/ai4mars_deeplabv3plus_demo.py',
    '../_base_/models/mean_teacher_segmentor.py'
]
data_root = 'data/bench/textures-ai4mars/msl'
split_dir = 'labelled-5pct-seed0'

model = dict(_base_.mean_teacher_segmentor)

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
