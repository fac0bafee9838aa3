# Table 4 "MoCo V2 pretraining" (paper: 81.56): the cross-entropy baseline
# started from MoCo v2 weights (configs/msl_semi_mocov2.py, which says where
# they come from: the official checkpoint or
# configs/selfsup/mocov2_resnet50_msl-unlabeled.py), no contrastive stream.
# The model's only stream is the baseline's `sup` stream: the "+ L_u" row
# (msl_semi_mocov2_wo_inter_class.py) without the similarity stream.
_base_ = ['./msl_semi_mocov2_wo_inter_class.py']

model = dict(similarity_projector=None, similarity_loss=None)

# A left-out stream's source draws no image (batch size 0 in the
# MultiSourceSampler): each batch holds the full config's other streams.
train_dataloader = dict(
    batch_size=16, sampler=dict(batch_sizes=[16, 0, 0]))
auto_scale_lr = dict(base_batch_size=16)
