# Diagnosis (benchmarks/label_efficiency.py --variants): the paper-schedule
# textures config on the labelled images alone, as the baseline reads
# them (the paper's setting: only the unlabelled pixels of labelled images).
_base_ = ['./textures_deeplabv3plus_semi_paper_schedule.py']
split_dir = 'labelled-5pct-seed0'
train_dataloader = dict(
    batch_size=4,
    dataset=dict(
        _delete_=True,
        type='AI4MarsDataset',
        data_root={{_base_.data_root}},
        ann_file=f'{split_dir}/train.txt',
        pipeline={{_base_.train_pipeline}}),
    sampler=dict(_delete_=True, type='DefaultSampler', shuffle=True))
