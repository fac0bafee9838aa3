# Beyond the paper (benchmarks/label_efficiency.py --variants): the digits
# semi-supervised config whose similarity stream has a SimSiam predictor
# (a 2-layer MLP with a 32-d bottleneck, as mmpretrain's SimSiam) and a
# stop-gradient on its targets, against the collapse Eq. 3 alone allows.
_base_ = ['./digits_resnet18_semi.py']

model = dict(
    similarity_predictor=dict(
        type='NonLinearNeck',
        in_channels=128,
        hid_channels=32,
        out_channels=128,
        with_avg_pool=False,
        with_last_bn=False))
