# AI4Mars MER part (Opportunity and Spirit, releases 0.3+): images in
# mer/images/eff (e.g. 1N128285186EFF0000P1001L0M1.JPG), labels
# mer/labels/train/<stem>.png (0 soil, 1 bedrock, 2 sand, 3 big rock, 255
# no label). No rover or range masks are read (the MSL mxy/rng-30m masks
# have no MER counterpart that we could confirm), and MER names hold no MSL
# clock, so samples carry no sol (sol_from_name=False) and
# ai4mars_split.py's time split does not apply: training reads every
# labelled image of labels/train; val and test read the image stems listed
# in splits/val.txt and splits/test.txt under the data root (one stem a
# line, e.g. held-out sites; write them yourself). Other keys as
# configs/_base_/datasets/ai4mars.py.
_base_ = ['./ai4mars.py']

data_root = 'data/ai4mars-dataset-merged-0.6/mer'
data_prefix = dict(
    img_path='images/eff',
    seg_map_path='labels/train',
    rover_mask_path=None,
    range_mask_path=None)
mer = dict(
    data_root=data_root,
    data_prefix=data_prefix,
    img_suffix='.JPG',
    sol_from_name=False)
train_dataloader = dict(dataset=dict(ann_file='', **mer))
val_dataloader = dict(dataset=dict(ann_file='splits/val.txt', **mer))
test_dataloader = dict(dataset=dict(ann_file='splits/test.txt', **mer))
