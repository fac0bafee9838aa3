"""The training streams of the semi-supervised classifier.

One tuple, read by the transform that tags samples (``SetStream``) and by
the classifier that splits a batch by the tags, so that neither imports the
other's package.
"""

# Cross entropy on labelled images, the inter-class contrastive loss on
# class-balanced labelled images (Eq. 2) and the similarity loss on
# unlabelled images (Eq. 3), in the order the classifier runs them.
STREAMS = ('sup', 'inter_class', 'unsup')
