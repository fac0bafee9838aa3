# Table 3: ResNet-50 + focal loss (paper: 82.86). The plain cross-entropy
# baseline is configs/msl_resnet50.py.
_base_ = ['../msl_resnet50.py']

model = dict(
    head=dict(
        loss=dict(
            _delete_=True,
            type='FocalLoss',
            gamma=2.0,
            alpha=0.25,
            loss_weight=1.0)))
