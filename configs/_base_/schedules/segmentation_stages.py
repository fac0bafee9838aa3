# The stages of the segmentation schedule (SegmentationStageHook; paper
# Sec. 5.2-5.3 and 7.1), each stated once, as top-level keys. The method's
# configs (configs/ai4mars_semi.py, configs/demo/ai4mars_semi_demo.py) list
# this file beside their base, so that they and every config below them
# write a schedule as its stages and their begins (an epoch, or a fraction
# of the run as a float):
#   custom_hooks = [dict(_base_.stage_hook, stages=[
#       dict(_base_.contrastive_pretraining, begin=0),
#       dict(_base_.joint, begin=1 / 3),
#       dict(_base_.joint_pseudo_labels, begin=2 / 3)])]
# A stage that names no loss weight takes the model's (seg_loss_weight,
# contrast_loss_weight), so lambda is stated once, on the model.
stage_hook = dict(type='SegmentationStageHook', by_epoch=True)
# Stage 1: the contrastive head alone (Sec. 5.3).
contrastive_pretraining = dict(
    name='contrastive pretraining', seg_loss_weight=0.,
    contrast_loss_weight=1.)
# Stage 2: both streams at the model's weights.
joint = dict(name='joint')
# Stage 3: the same, with online pseudo labels for the unlabelled pixels.
joint_pseudo_labels = dict(name='joint + pseudo labels', pseudo_labels=True)
