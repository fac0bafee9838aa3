# Paper Table 8, "ReCo + ImageNet": ai4mars_table8_reco.py with the
# backbone initialised from mmseg's ImageNet-pretrained ResNet-101 V1c (the
# only configuration of Table 8 that is not trained from scratch).
_base_ = ['./ai4mars_table8_reco.py']
model = dict(pretrained='open-mmlab://resnet101_v1c')
