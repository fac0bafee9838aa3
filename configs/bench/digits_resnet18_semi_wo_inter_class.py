# Diagnosis (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config without the inter-class stream (Table 4 "+ L_u"):
# cross entropy + the similarity of Eq. 3 on the unlabelled images.
_base_ = ['./digits_resnet18_semi.py']

model = dict(inter_class_projector=None, inter_class_loss=None)

# A left-out stream's source draws no image (batch size 0 in the
# MultiSourceSampler): each batch holds the full config's other streams.
train_dataloader = dict(
    batch_size=32, sampler=dict(batch_sizes=[16, 0, 16]))
auto_scale_lr = dict(base_batch_size=32)
