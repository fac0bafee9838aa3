"""``make bench`` end to end at tiny sizes: every row, sane numbers.

Not a timed test: the numbers of a ``--quick`` run mean nothing. It checks
that every benchmark runs and that the Markdown holds each expected row with
positive, finite ratios and times.
"""
import math
import os
import re
import subprocess
import sys
from os import path as osp

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SEGMENTATION_VARIANTS = ('(a) baseline', '(b) + contrastive head',
                         '(c) + Eq. 7 loss, bank update',
                         '(d) + online pseudo labels',
                         '(e) light head: Eq. 7, bank, pseudo labels')
LOADERS = ('stock', 'ours', "ours, imdecode_backend='pillow'",
           "stock, imdecode_backend='cv2'",
           'stock, masks baked (ai4mars_split.py --bake-masks)',
           'ours, masks baked (ai4mars_split.py --bake-masks)')


@pytest.fixture(scope='module')
def quick_results(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp('bench') / 'RESULTS.md'
    # One thread: on a busy machine, two threads' barriers make these tiny
    # steps several times slower.
    env = dict(os.environ, OMP_NUM_THREADS='1')
    subprocess.run(
        [sys.executable, '-m', 'benchmarks.run_all', '--quick', '--out',
         str(out)],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300)
    return out.read_text()


def table_rows(text: str, first_cell: str) -> list:
    """Cells of the table rows whose first cell is ``first_cell``."""
    return [[cell.strip() for cell in line.strip('|').split('|')]
            for line in text.splitlines()
            if line.startswith(f'| {first_cell} |')]


@pytest.mark.slow
def test_quick_run_writes_every_row(quick_results):
    text = quick_results
    for title in ('## Cost targets: measured, goal, met', '## 1. Segmentation',
                  '## 2. Why a bank', '## 3. Classification', '## 4. Data'):
        assert title in text
    assert text.count('Settings: torch ') == 4
    segmentation = table_rows(text, 'R-50')
    # One row per variant, then the extra-cost row, all at the quick crop.
    assert [row[2] for row in segmentation[:5]] == list(SEGMENTATION_VARIANTS)
    assert len(segmentation) == 6
    # No extra forward in (a), (d) and (e).
    assert segmentation[5][-4:-1] == ['1/1', '1/1', '1/1']
    assert table_rows(text, '16^2 = 256') and table_rows(text, '32^2 = 1,024')
    assert table_rows(text, 'all-pairs within each image (Eq. 6), all at '
                      'once') and table_rows(text, 'all-pairs across the '
                                             'batch')
    assert table_rows(text, 'CE only (2 images)')
    assert table_rows(text, 'semi-supervised (2 + 2x2 + 2x2 = 10 images)')
    for loader in LOADERS:
        assert table_rows(text, loader), loader
    targets = table_rows(text, 'segmentation R-50 32px: loss + bank + '
                         'pseudo labels ((d) - (b), timed alone)')
    targets += table_rows(text, 'segmentation R-50 32px: semi-supervised '
                          'step with the light head ((e) vs (a))')
    targets += table_rows(text, 'segmentation: pseudo labels need no extra '
                          'forward pass (nor the light head)')
    targets += table_rows(text, 'data: AI4Mars loading (image + label + '
                          'both masks) vs stock')
    targets += table_rows(text, 'data: AI4Mars loading, masks baked by '
                          'ai4mars_split.py --bake-masks (stock loader) vs '
                          'stock')
    # Each target once in the summary and once in its section.
    assert len(targets) == 10
    assert all(row[-1] in ('met', '**missed**') for row in targets)


@pytest.mark.slow
def test_quick_run_numbers_are_positive_and_finite(quick_results):
    text = quick_results
    assert not re.search(r'\b(nan|inf)\b', text, re.IGNORECASE)
    ratios = [float(x) for x in re.findall(r'\| (-?[\d.]+)x(?= \|)', text)]
    # Durations; differences of durations (which noise may make negative)
    # carry a sign or a percent and are not matched.
    times = [float(x) for x in re.findall(r'\| ([\d.]+) m?s(?= \|)', text)]
    assert len(ratios) >= 20 and len(times) >= 25
    for value in ratios + times:
        assert math.isfinite(value) and value > 0
    memory_checks = re.findall(r'memory check [^;]*\((ok|NOT[^)]*)\)', text)
    assert memory_checks == ['ok'] * 4
