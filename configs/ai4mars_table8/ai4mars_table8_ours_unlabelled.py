# Our method (configs/ai4mars_semi.py: the paper's three stages, memory-bank
# contrast Eq. 7, online pseudo labels at 0.9) with whole unlabelled images
# as an option beyond the paper: each batch holds 8 labelled images and 8
# images without a label file, whose pixels take pseudo labels for the
# contrastive stream in stage 3 (the cross entropy keeps the ground truth).
_base_ = ['../ai4mars_semi.py']

labelled_batch, unlabeled_batch = 8, 8
train_dataloader = dict(
    batch_size=labelled_batch + unlabeled_batch,
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[
            dict(
                type='AI4MarsDataset',
                data_root={{_base_.data_root}},
                data_prefix={{_base_.data_prefix}},
                ann_file='splits/train.txt',
                pipeline={{_base_.train_pipeline}}),
            dict(
                type='AI4MarsDataset',
                data_root={{_base_.data_root}},
                data_prefix={{_base_.data_prefix}},
                unlabeled=True,
                pipeline={{_base_.train_pipeline}}),
        ]),
    sampler=dict(
        _delete_=True,
        type='MultiSourceSampler',
        source_samplers=[
            dict(type='DefaultSampler', shuffle=True),
            dict(type='DefaultSampler', shuffle=True),
        ],
        batch_sizes=[labelled_batch, unlabeled_batch]))
