# Label-efficiency benchmark (benchmarks/label_efficiency.py), segmentation
# baseline: the CPU demo's DeepLabV3+ (configs/demo/ai4mars_deeplabv3plus_demo
# .py) on scikit-image's texture photographs in the AI4Mars layout
# (benchmarks/real_image_sets.py), split by time with the labelled subset of
# tools/dataset_converters/ai4mars_split.py --labelled-fraction. The benchmark
# points data_root and split_dir at each subset and gives every run the same
# iteration budget.
_base_ = ['../demo/ai4mars_deeplabv3plus_demo.py']
data_root = 'data/bench/textures-ai4mars/msl'
split_dir = 'labelled-5pct-seed0'

train_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file=f'{split_dir}/train.txt'))
val_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file=f'{split_dir}/val.txt'))
test_dataloader = dict(
    dataset=dict(data_root=data_root, ann_file=f'{split_dir}/test.txt'))
