# Label-efficiency benchmark, Table 8's ClassMix (Olsson et al. 2021) at
# demo scale: textures_deeplabv3plus_meanteacher.py with the mix and loss
# of configs/ai4mars_table8/ai4mars_table8_classmix.py.
_base_ = ['./textures_deeplabv3plus_meanteacher.py']
model = dict(mix='classmix', consistency='ce', confidence_threshold=0.968)
