# Table 3: ResNet-50 + label smoothing (0.1).
_base_ = ['../msl_resnet50.py', '../_base_/models/table3_methods.py']

model = dict(
    head=dict(loss=dict(_base_.label_smooth_loss, _delete_=True)))
