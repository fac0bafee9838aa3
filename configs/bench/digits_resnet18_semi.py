# Label-efficiency benchmark (benchmarks/label_efficiency.py), classification,
# semi-supervised: the CPU demo's semi-supervised setting
# (configs/demo/msl_semi_demo.py) on the digits set, with the labelled
# images and evaluation of configs/bench/digits_resnet18_baseline.py;
# the similarity stream reads the training images left unlabelled
# (unlabelled.txt of tools/dataset_converters/msl_labelled_subset.py).
_base_ = ['../demo/msl_semi_demo.py']
data_root = 'data/bench/digits-msl'
split_dir = 'labelled-5pct-seed0'
num_classes = 10
split_files = dict(
    train=f'{split_dir}/train.txt',
    val=f'{split_dir}/val.txt',
    test=f'{split_dir}/test.txt')

model = dict(head=dict(num_classes=num_classes))
data_preprocessor = dict(num_classes=num_classes)

sup_dataset = dict(
    type='MSLSurfaceDataset',
    data_root=data_root,
    split_files=split_files,
    pipeline={{_base_.sup_pipeline}})
inter_class_dataset = dict(
    type='MSLSurfaceDataset',
    data_root=data_root,
    split_files=split_files,
    pipeline={{_base_.inter_class_pipeline}})
unsup_dataset = dict(
    type='UnlabeledImageDataset',
    data_root=data_root,
    ann_file=f'{split_dir}/unlabelled.txt',
    pipeline={{_base_.unsup_pipeline}})
sup_batch, inter_class_batch, unsup_batch = 16, num_classes * 2, 16
train_dataloader = dict(
    batch_size=sup_batch + inter_class_batch + unsup_batch,
    dataset=dict(
        datasets=[sup_dataset, inter_class_dataset, unsup_dataset]),
    sampler=dict(batch_sizes=[sup_batch, inter_class_batch, unsup_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch + inter_class_batch +
                     unsup_batch)
val_dataloader = dict(
    dataset=dict(
        data_root=data_root, reshuffle_seed=None, split_files=split_files))
test_dataloader = val_dataloader
