# Paper Table 8, CutOut consistency (French et al., BMVC 2020, "Semi-
# supervised semantic segmentation needs strong, varied perturbations"):
# the Mean Teacher setting with a box of half the image (random aspect
# ratio) erased from the student's input, the teacher's prediction on the
# whole image as target outside the box, MSE consistency on pixels where
# the teacher is at least 97% sure (their confidence threshold), weight 1.
_base_ = ['./ai4mars_table8_meanteacher.py']
model = dict(
    mix='cutout', consistency='mse', confidence_threshold=0.97,
    mix_area=0.5, unsup_weight=1.0)
