# Beyond the paper (benchmarks/label_efficiency.py --variants): the SimSiam
# similarity stream of digits_resnet18_semi_simsiam.py at weight 1 instead
# of the paper's 0.2, so that the unlabelled images weigh as much as the
# labelled streams.
_base_ = ['./digits_resnet18_semi_simsiam.py']

model = dict(similarity_loss=dict(loss_weight=1.0))
