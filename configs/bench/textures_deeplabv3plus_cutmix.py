# Label-efficiency benchmark, Table 8's CutMix consistency (French et al.
# 2020) at demo scale: textures_deeplabv3plus_meanteacher.py with the mix
# and loss of configs/ai4mars_table8/ai4mars_table8_cutmix.py.
_base_ = ['./textures_deeplabv3plus_meanteacher.py']
model = dict(
    mix='cutmix', consistency='mse', confidence_threshold=0.97,
    mix_area=0.5)
