import runpy
from os import path as osp

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def test_closing_table_gives_each_task_its_gain():
    demo = runpy.run_path(osp.join(REPO_ROOT, 'tools', 'demo.py'))
    cls = 'Classification (MSL layout)'
    seg = 'Segmentation (AI4Mars layout)'
    results = [
        (cls, 'baseline', 'a.py', 'a', 'a.pth', {'accuracy/top1': 69.44}),
        (cls, 'semi-supervised', 'b.py', 'b', 'b.pth',
         {'accuracy/top1': 73.61}),
        (seg, 'baseline', 'c.py', 'c', 'c.pth',
         dict(aAcc=90.0, mIoU=70.5, fwIoU=80.0)),
        (seg, 'semi-supervised', 'd.py', 'd', 'd.pth',
         dict(aAcc=89.0, mIoU=72.0, fwIoU=80.25)),
    ]
    lines = demo['comparison_table'](results).splitlines()
    rows = {(line[:32].strip(), line.split()[-4]): line.split()[-3:]
            for line in lines[1:]}
    assert rows[(cls, 'accuracy/top1')] == [
        '69.44', '73.61', '+4.17'
    ]
    assert rows[(seg, 'aAcc')] == ['90.00', '89.00', '-1.00']
    assert rows[(seg, 'mIoU')] == ['70.50', '72.00', '+1.50']
    assert rows[(seg, 'fwIoU')] == ['80.00', '80.25', '+0.25']
