# Diagnosis (benchmarks/label_efficiency.py --variants): the textures
# semi-supervised config with the paper's schedule
# (configs/demo/ai4mars_semi_paper_schedule_demo.py): contrastive pretraining
# for the first 20% of the budget, joint training, then online pseudo labels
# for the contrastive head only.
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_seg_loss_weight=0.)
custom_hooks = _base_.paper_schedule_hooks
