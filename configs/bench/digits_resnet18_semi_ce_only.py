# Tables 3-4 at demo scale (benchmarks/TABLES_3_4_DIGITS.md): Table 4's
# cross-entropy-only row (configs/msl_semi/msl_semi_mocov2_ce_only.py, here
# from scratch: the MoCo v2 start is not part of the benchmark) inside the
# semi-supervised classifier: only its `sup` stream, which is the baseline's
# (digits_resnet18_semi_wo_inter_class.py without the similarity stream).
_base_ = ['./digits_resnet18_semi_wo_inter_class.py']

model = dict(similarity_projector=None, similarity_loss=None)

# A left-out stream's source draws no image (batch size 0 in the
# MultiSourceSampler): each batch holds the full config's other streams.
train_dataloader = dict(
    batch_size=16, sampler=dict(batch_sizes=[16, 0, 0]))
auto_scale_lr = dict(base_batch_size=16)
