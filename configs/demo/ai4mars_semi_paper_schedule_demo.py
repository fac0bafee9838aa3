# The semi-supervised demo (configs/demo/ai4mars_semi_demo.py) with the
# paper's schedule (configs/ai4mars_semi.py), in the demo's 20 epochs
# (4/8/8): contrastive pretraining, joint training, joint + online pseudo
# labels for the contrastive head only (cross entropy keeps the ground
# truth).
_base_ = ['./ai4mars_semi_demo.py']

model = dict(pseudo_seg_loss_weight=0.)
custom_hooks = _base_.paper_schedule_hooks
