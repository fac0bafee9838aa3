# Diagnosis (benchmarks/label_efficiency.py --variants): the small-data
# segmentation setting (textures_deeplabv3plus_semi.py) with online pseudo
# labels only where the model is 90% sure (the paper's Table 10 best value)
# instead of the demo's 0.7: fewer, cleaner self-training targets.
_base_ = ['./textures_deeplabv3plus_semi.py']

model = dict(pseudo_label_threshold=0.9)
