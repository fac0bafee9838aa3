# Label-efficiency benchmark (benchmarks/label_efficiency.py), classification
# baseline: the CPU demo's baseline (configs/demo/msl_resnet18_demo.py) on
# scikit-learn's digits in the MSL layout (benchmarks/real_image_sets.py),
# 10 classes, the labelled subset written by
# tools/dataset_converters/msl_labelled_subset.py. The benchmark points
# data_root and split_dir at each subset and gives every run the same
# iteration budget.
_base_ = ['../demo/msl_resnet18_demo.py']
data_root = 'data/bench/digits-msl'
split_dir = 'labelled-5pct-seed0'
num_classes = 10

model = dict(head=dict(num_classes=num_classes))
data_preprocessor = dict(num_classes=num_classes)
split_files = dict(
    train=f'{split_dir}/train.txt',
    val=f'{split_dir}/val.txt',
    test=f'{split_dir}/test.txt')
train_dataloader = dict(
    dataset=dict(
        data_root=data_root, reshuffle_seed=None, split_files=split_files))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root, reshuffle_seed=None, split_files=split_files))
test_dataloader = val_dataloader
