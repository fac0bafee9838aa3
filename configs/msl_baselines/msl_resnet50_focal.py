# Table 3: ResNet-50 + focal loss (paper: 82.86). The plain cross-entropy
# baseline is configs/msl_resnet50.py.
_base_ = ['../msl_resnet50.py', '../_base_/models/table3_methods.py']

model = dict(head=dict(loss=dict(_base_.focal_loss, _delete_=True)))
