# Table 4 "+ L_s": cross entropy + inter-class contrast, no unlabelled
# stream. Also the setting of Table 6 (lambda_s sweep, lambda_u = 0):
#   --cfg-options model.inter_class_loss.loss_weight=0.5
_base_ = ['../msl_semi.py']

model = dict(similarity_projector=None, similarity_loss=None)

# A left-out stream's source draws no image (batch size 0 in the
# MultiSourceSampler): each batch holds the full config's other streams.
train_dataloader = dict(
    batch_size=64, sampler=dict(batch_sizes=[16, 48, 0]))
auto_scale_lr = dict(base_batch_size=64)
