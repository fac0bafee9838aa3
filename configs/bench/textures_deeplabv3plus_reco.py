# Label-efficiency benchmark, Table 8's ReCo (Liu et al. 2022) at demo
# scale, on the machinery of textures_deeplabv3plus_semi.py (same labelled
# and unlabelled images, same network and contrastive head): the head's
# loss_decode is ReCoLoss with ReCo's tau 0.5, 256 queries below 0.97 and
# 512 negatives (configs/ai4mars_table8/ai4mars_table8_reco.py), weight 1
# from the start, online pseudo labels at ReCo's 0.7 from the start.
_base_ = ['./textures_deeplabv3plus_semi.py']
model = dict(
    pseudo_label_threshold=0.7,
    contrast_loss_weight=1.0,
    pseudo_seg_loss_weight=0.0,
    auxiliary_head=[
        # The baseline demo's FCN auxiliary head, as in the semi config.
        _base_.model.auxiliary_head[0],
        dict(
            _base_.model.auxiliary_head[1],
            loss_decode=dict(
                type='ReCoLoss',
                temperature=0.5,
                num_queries=256,
                num_negatives=512,
                strong_threshold=0.97,
                loss_weight=1.0)),
    ])
custom_hooks = [
    dict(_base_.stage_hook, pseudo_label_log_interval=8, stages=[
        dict(_base_.joint_pseudo_labels, begin=0)]),
]
