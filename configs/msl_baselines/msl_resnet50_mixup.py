# Table 3: ResNet-50 + mixup (paper: 76.19), applied by the data
# preprocessor to each training batch.
_base_ = ['../msl_resnet50.py']

model = dict(train_cfg=dict(augments=dict(type='Mixup', alpha=0.2)))
