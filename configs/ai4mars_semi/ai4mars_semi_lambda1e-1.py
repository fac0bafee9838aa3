# Table 11: contrastive loss weight lambda = 0.1 in the joint stages (the
# paper's choice: 0.001).
_base_ = ['../ai4mars_semi.py']

# The joint stages take the model's weight (SegmentationStageHook).
model = dict(contrast_loss_weight=0.1)
