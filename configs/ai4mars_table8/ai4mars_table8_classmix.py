# Paper Table 8, ClassMix (Olsson et al., WACV 2021): the mask takes the
# pixels of half of the classes the EMA teacher (alpha 0.99) predicts in the
# first image, the rest comes from the second; cross entropy to the mixed
# argmax targets, weighted by the share of pixels the teacher predicts with
# probability >= 0.968 (their threshold), weight 1.
_base_ = ['./ai4mars_table8_meanteacher.py']
model = dict(
    mix='classmix', consistency='ce', confidence_threshold=0.968,
    unsup_weight=1.0)
