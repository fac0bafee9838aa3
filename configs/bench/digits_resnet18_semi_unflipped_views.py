# Beyond the paper (benchmarks/label_efficiency.py --variants): the shipped
# digits setting with contrastive views that are never mirrored. The paper's
# strong view flips horizontally, which keeps a rover image's class; a
# mirrored handwritten 2 reads as a 5 and a mirrored 3 as an E, so on
# digits the flip asks the inter-class stream (Eq. 2) to pull together
# views of what are different symbols. The cross-entropy stream keeps the
# baseline's pipeline (flip included), so that it stays the baseline's.
# Chosen on val for digits: ahead of the paper's views at 5% and 20%
# (README, "Digits with contrastive views that are never mirrored";
# benchmarks/LABEL_EFFICIENCY_DIGITS_UNFLIPPED.md). The inter-class and
# unlabelled datasets are given here in full; the base's top-level
# inter_class_dataset / unsup_dataset (paper's views) are not used.
_base_ = ['./digits_resnet18_semi.py']

strong_view_pipeline = [
    dict(type='StrongView', scale={{_base_.img_scale}}, hue=0.0,
         flip_prob=0.0)
]
inter_class_pipeline = [dict(type='LoadCheckedImageFromFile')] + \
    strong_view_pipeline + [
        dict(type='PackInputs'),
        dict(type='SetStream', stream='inter_class'),
    ]
unsup_pipeline = [
    dict(type='LoadCheckedImageFromFile'),
    dict(type='MultiView', num_views=2, transforms=[strong_view_pipeline]),
    dict(type='PackInputs'),
    dict(type='SetStream', stream='unsup'),
]
train_dataloader = dict(
    dataset=dict(datasets=[
        {{_base_.sup_dataset}},
        dict(
            type='MSLSurfaceDataset',
            data_root={{_base_.data_root}},
            split_files={{_base_.split_files}},
            pipeline=inter_class_pipeline),
        dict(
            type='UnlabeledImageDataset',
            data_root={{_base_.data_root}},
            ann_file={{_base_.unsup_dataset.ann_file}},
            pipeline=unsup_pipeline),
    ]))
