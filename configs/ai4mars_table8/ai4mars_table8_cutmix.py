# Paper Table 8, CutMix consistency (French et al., BMVC 2020): two
# unlabelled images mixed by a box of half the image (random aspect ratio);
# the target mixes the EMA teacher's predictions (alpha 0.99) on each; MSE
# consistency on pixels where the teacher is at least 97% sure, weight 1.
_base_ = ['./ai4mars_table8_meanteacher.py']
model = dict(
    mix='cutmix', consistency='mse', confidence_threshold=0.97,
    mix_area=0.5, unsup_weight=1.0)
