# Table 3: Decoupling, LWS (paper: 81.30). Kang et al., "Decoupling
# Representation and Classifier for Long-Tailed Recognition", ICLR 2020
# (arXiv 1910.09217): stage 1 is the instance-balanced baseline
# (configs/msl_resnet50.py); stage 2 keeps its representation and its
# classifier frozen and learns one scale f_j per class (w_j -> f_j w_j,
# LWSClsHead) with class-balanced sampling for 10 epochs.
#   python tools/train.py configs/msl_resnet50.py
#   python tools/train.py configs/msl_baselines/msl_resnet50_lws.py
# (or --cfg-options model.init_cfg.checkpoint=<stage-1 .pth>).
# Stage 2 is cRT's (msl_resnet50_crt.py: frozen representation,
# class-balanced sampling, 10 cosine epochs) with the classifier kept.
_base_ = ['./msl_resnet50_crt.py']

model = dict(
    # The whole stage-1 model, backbone and classifier (the scales, new,
    # start at 1).
    init_cfg=dict(type='Pretrained',
                  checkpoint={{_base_.stage1_checkpoint}}),
    backbone=dict(init_cfg=None),
    head=dict(type='LWSClsHead'))
