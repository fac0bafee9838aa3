# Beyond the paper (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config whose unlabelled stream also self-trains the
# classifier: a view the head is >= 95% sure of gives its class to the other
# view as a cross-entropy target (pseudo_label_loss_weight=1, FixMatch's
# threshold), so that the unlabelled images shape the classifier; Eq. 3
# stays beside it.
_base_ = ['./digits_resnet18_semi.py']

model = dict(pseudo_label_loss_weight=1.0, pseudo_label_threshold=0.95)
