# Table 4 "+ L_u only": cross entropy + the similarity loss on unlabelled
# images, no inter-class contrast (the paper: 78.65, the similarity loss
# alone does not help).
_base_ = ['../msl_semi.py']

model = dict(inter_class_projector=None, inter_class_loss=None)

# A left-out stream's source draws no image (batch size 0 in the
# MultiSourceSampler): each batch holds the full config's other streams.
train_dataloader = dict(
    batch_size=32, sampler=dict(batch_sizes=[16, 0, 16]))
auto_scale_lr = dict(base_batch_size=32)
