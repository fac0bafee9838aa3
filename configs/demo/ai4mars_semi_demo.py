# CPU demo of the semi-supervised method in its small-data setting: the
# narrow network and heads of the baseline demo (DeepLabV3+ and its FCN
# auxiliary head) plus a 32-d contrastive head (queues of 8; Eq. 7 with the
# memory bank), trained in the baseline demo's 20 epochs (the same total
# budget). Two changes from the paper's schedule (configs/ai4mars_semi.py),
# measured on real images in the label-efficiency benchmark (README, "Does
# the method pay off?"), where the paper's three stages lost to this
# baseline at every labelled fraction:
# - no contrastive pretraining stage: joint training from the start, so that
#   cross entropy trains for the whole budget, as in the baseline;
# - online pseudo labels (from epoch 12, 60% of the budget) also train the
#   decode head's cross entropy (pseudo_seg_loss_weight=1, self-training),
#   not only the contrastive head.
# configs/demo/ai4mars_semi_paper_schedule_demo.py is this demo with the
# paper's three stages. This small model is rarely 90% sure, so pseudo
# labels use the paper's 0.7 (Table 10). `make demo` trains its variant on
# real textures, configs/bench/textures_deeplabv3plus_semi.py.
_base_ = [
    './ai4mars_deeplabv3plus_demo.py',
    '../_base_/models/memory_bank_contrast_head.py',
    '../_base_/schedules/segmentation_stages.py'
]
norm_cfg = dict(type='BN', requires_grad=True)

model = dict(
    type='PseudoLabelEncoderDecoder',
    pseudo_label_threshold=0.7,
    seg_loss_weight=1.0,
    contrast_loss_weight=0.001,
    pseudo_seg_loss_weight=1.0,
    # The baseline's heads (DeepLabV3+ and its FCN auxiliary head) and the
    # contrastive head beside them: the comparison changes only the method.
    auxiliary_head=[
        _base_.model.auxiliary_head,
        # The method's contrastive head
        # (configs/_base_/models/memory_bank_contrast_head.py) as narrow as
        # this network: 32-d embeddings, queues of 8.
        dict(
            _base_.memory_bank_contrast_head,
            feat_dim=32,
            queue_len=8,
            in_channels=128,
            channels=32,
            dilations=(1, 2, 3, 4),
            c1_in_channels=16,
            c1_channels=8,
            norm_cfg=norm_cfg),
    ])

custom_hooks = [
    dict(_base_.stage_hook, pseudo_label_log_interval=8, stages=[
        dict(_base_.joint, begin=0),
        dict(_base_.joint_pseudo_labels, begin=12)]),
]
# The paper's three stages in these 20 epochs (4/8/8): contrastive
# pretraining, joint training, joint + online pseudo labels for the
# contrastive head only, as ai4mars_semi_paper_schedule_demo.py and its
# textures twin (configs/bench/) train with `custom_hooks =
# _base_.paper_schedule_hooks` and `pseudo_seg_loss_weight=0.`.
paper_schedule_hooks = [
    dict(_base_.stage_hook, pseudo_label_log_interval=8, stages=[
        dict(_base_.contrastive_pretraining, begin=0),
        dict(_base_.joint, begin=4),
        dict(_base_.joint_pseudo_labels, begin=12)]),
]
