# AI4Mars release 0.6, MSL Navcam part: 0.6 moved 0.1's msl/ to msl/ncam/,
# with the same folders below it (images/edr, images/mxy, images/rng-30m,
# labels/train, labels/test/masked-gold-min{1,2,3}-100agree; below ncam/
# unconfirmed). Split by time as for 0.1:
#   python tools/dataset_converters/ai4mars_split.py \
#       data/ai4mars-dataset-merged-0.6/msl/ncam
# Everything else as configs/_base_/datasets/ai4mars.py.
_base_ = ['./ai4mars.py']

data_root = 'data/ai4mars-dataset-merged-0.6/msl/ncam'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(dataset=dict(data_root=data_root))
