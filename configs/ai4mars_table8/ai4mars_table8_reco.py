# Paper Table 8, ReCo (Liu et al., ICLR 2022, "Bootstrapping semantic
# segmentation with regional contrast") on our machinery: the contrastive
# head of our method with ReCoLoss as its loss_decode (tau 0.5, 256 hard
# queries per class below probability 0.97, 512 negative keys per query,
# ReCo's values), trained jointly with the cross entropy from the start
# (ReCo has no pretraining stage) at ReCo's weight 1, with online pseudo
# labels at ReCo's weak threshold 0.7 on the unlabelled pixels of both
# sources (labelled and whole unlabelled images) for the contrastive stream.
_base_ = ['./ai4mars_table8_ours_unlabelled.py']
model = dict(
    pseudo_label_threshold=0.7,
    contrast_loss_weight=1.0,
    auxiliary_head=dict(
        loss_decode=dict(
            _delete_=True,
            type='ReCoLoss',
            temperature=0.5,
            num_queries=256,
            num_negatives=512,
            strong_threshold=0.97,
            loss_weight=1.0)))
custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.joint_pseudo_labels, begin=0)]),
]
