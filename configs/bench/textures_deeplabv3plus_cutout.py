# Label-efficiency benchmark, Table 8's CutOut consistency (French et al.
# 2020) at demo scale: textures_deeplabv3plus_meanteacher.py with the mix
# and loss of configs/ai4mars_table8/ai4mars_table8_cutout.py.
_base_ = ['./textures_deeplabv3plus_meanteacher.py']
model = dict(
    mix='cutout', consistency='mse', confidence_threshold=0.97,
    mix_area=0.5)
