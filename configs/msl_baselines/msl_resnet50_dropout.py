# Table 3: ResNet-50 + dropout (paper: 83.37). Stock mmpretrain puts dropout
# after a hidden layer: a 2048-512 hidden layer, dropout 0.5, then the
# classifier (the head learns at the head's rate, 1e-3).
_base_ = ['../msl_resnet50.py']

model = dict(
    head=dict(
        type='StackedLinearClsHead', mid_channels=[512], dropout_rate=0.5))
