# Diagnosis (benchmarks/label_efficiency.py --variants): the paper-schedule
# textures config whose online pseudo labels also train the decode
# head's cross entropy (self-training, pseudo_seg_loss_weight=1) from the
# third stage on, so that the unlabelled images shape the segmentation
# stream and not only the contrastive head.
_base_ = ['./textures_deeplabv3plus_semi_paper_schedule.py']

model = dict(pseudo_seg_loss_weight=1.0)
