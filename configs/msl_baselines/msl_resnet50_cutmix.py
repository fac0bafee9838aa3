# Table 3: ResNet-50 + CutMix (paper: 80.61), applied by the data
# preprocessor to each training batch.
_base_ = ['../msl_resnet50.py']

model = dict(train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)))
