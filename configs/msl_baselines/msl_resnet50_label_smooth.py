# Table 3: ResNet-50 + label smoothing (0.1).
_base_ = ['../msl_resnet50.py']

model = dict(
    head=dict(
        loss=dict(
            _delete_=True,
            type='LabelSmoothLoss',
            label_smooth_val=0.1,
            mode='original',
            loss_weight=1.0)))
