"""Run every benchmark and write ``benchmarks/RESULTS.md`` (``make bench``).

The benchmarks run one after the other in this process, each printing its
section as it ends; the Markdown file holds the settings header, the
cost targets (step time, memory and loading ratios, each with its goal)
with met/missed, and one section per benchmark.

Run: ``python -m benchmarks.run_all [--quick] [--out FILE]``.
"""
import argparse
import gc
import os.path as osp
import time
from typing import List, Sequence

from benchmarks import (bench_bank_vs_all_pairs, bench_classification_step,
                        bench_data_loading, bench_segmentation_step)
from benchmarks.common import Section, render_section, targets_table

BENCHMARKS = (bench_segmentation_step, bench_bank_vs_all_pairs,
              bench_classification_step, bench_data_loading)
DEFAULT_OUT = osp.join(osp.dirname(osp.abspath(__file__)), 'RESULTS.md')


def run_benchmarks(quick: bool = False) -> List[Section]:
    """Run every benchmark, printing each section as it ends.

    Args:
        quick (bool): Tiny sizes and one repeat (a smoke check).

    Returns:
        list[Section]: One section per benchmark.
    """
    sections = []
    for module in BENCHMARKS:
        print(f'Running {module.__name__} ...', flush=True)
        start = time.perf_counter()
        section = module.run(quick)
        section.settings['wall time'] = (
            f'{(time.perf_counter() - start) / 60:.1f} min')
        sections.append(section)
        print(render_section(section), flush=True)
        # Each benchmark's models go before the next one measures memory.
        gc.collect()
    return sections


def render_results(sections: Sequence[Section], wall_s: float,
                   quick: bool) -> str:
    """The Markdown of ``RESULTS.md``.

    Args:
        sections (Sequence[Section]): The benchmarks' outputs.
        wall_s (float): Wall time of the whole run, seconds.
        quick (bool): Whether this was a ``--quick`` smoke run.

    Returns:
        str: Header, targets and sections.
    """
    targets = [t for section in sections for t in section.targets]
    header = [
        '# Benchmarks',
        ('**Smoke run (`--quick`): tiny sizes, one repeat; the numbers '
         'mean nothing.**\n\n' if quick else '') +
        f'Written by `python -m benchmarks.run_all'
        f'{" --quick" if quick else ""}` (`make bench`) on '
        f'{time.strftime("%Y-%m-%d %H:%M")}, wall time '
        f'{wall_s / 60:.1f} min. All numbers of a table come from this run '
        'on one machine; ratios compare variants timed in interleaved '
        'rounds (median over the rounds, one warm-up call each); peak '
        'memory is measured in one more call of each variant, above what '
        'was in use before the call (how, and its validation: '
        '`benchmarks/common.py`). Each section starts with its settings.',
        '## Cost targets: measured, goal, met',
        targets_table(targets),
    ]
    return '\n\n'.join(header) + '\n\n' + '\n'.join(
        render_section(section) for section in sections)


def main() -> None:
    """Parse arguments, run the benchmarks, write the Markdown."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        '--quick',
        action='store_true',
        help='tiny sizes and one repeat: a smoke check, not a measurement')
    parser.add_argument(
        '--out', default=DEFAULT_OUT, help='Markdown file to write')
    args = parser.parse_args()
    start = time.perf_counter()
    sections = run_benchmarks(args.quick)
    text = render_results(sections, time.perf_counter() - start, args.quick)
    with open(args.out, 'w') as f:
        f.write(text)
    print(f'Wrote {args.out}')


if __name__ == '__main__':
    main()
