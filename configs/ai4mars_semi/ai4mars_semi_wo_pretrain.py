# Table 9, "w/o Pretraining": no contrastive pretraining stage; joint
# training from the start (its 60 epochs go to the joint stage), online
# pseudo labels from epoch 120 as in the full method.
_base_ = ['../ai4mars_semi.py']
custom_hooks = [
    dict(_base_.stage_hook, stages=[
        dict(_base_.joint, begin=0),
        dict(_base_.joint_pseudo_labels, begin=2 / 3)]),
]
