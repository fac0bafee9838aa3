# Our method (configs/ai4mars_semi.py: the paper's three stages, memory-bank
# contrast Eq. 7, online pseudo labels at 0.9) with whole unlabelled images
# as an option beyond the paper: each batch holds 8 labelled images and 8
# images without a label file, whose pixels take pseudo labels for the
# contrastive stream in stage 3 (the cross entropy keeps the ground truth).
_base_ = ['../ai4mars_semi.py']

train_dataloader = dict(
    _base_.labelled_and_unlabeled_train_dataloader, _delete_=True)
