# Diagnosis (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config without the unlabelled stream (Table 4 "+ L_s"):
# cross entropy + the inter-class contrast of Eq. 2.
_base_ = ['./digits_resnet18_semi.py']

model = dict(similarity_projector=None, similarity_loss=None)

# A left-out stream's source draws no image (batch size 0 in the
# MultiSourceSampler): each batch holds the full config's other streams.
train_dataloader = dict(
    batch_size=36, sampler=dict(batch_sizes=[16, 20, 0]))
auto_scale_lr = dict(base_batch_size=36)
