# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 4's
# cross-entropy-only row (configs/msl_semi/msl_semi_mocov2_ce_only.py, here
# from scratch: the MoCo v2 start is not part of the benchmark) inside the
# semi-supervised classifier: only its `sup` stream, which is the baseline's.
_base_ = ['./digits_resnet18_semi.py']

model = dict(
    inter_class_projector=None,
    inter_class_loss=None,
    similarity_projector=None,
    similarity_loss=None)

sup_batch = 16
train_dataloader = dict(
    batch_size=sup_batch,
    dataset=dict(datasets=[{{_base_.sup_dataset}}]),
    sampler=dict(
        source_samplers=[dict(type='DefaultSampler', shuffle=True)],
        batch_sizes=[sup_batch]))
auto_scale_lr = dict(base_batch_size=sup_batch)
