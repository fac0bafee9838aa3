"""What every benchmark shares: timing, peak memory, settings and Markdown.

**Timing.** The variants of a benchmark run in interleaved rounds after one
warm-up call each, so that load drift on a shared machine hits all of them
alike; each round rotates the order, so that no variant always follows the
same one. A call is timed with ``time.perf_counter`` (between
``torch.cuda.synchronize`` calls on a GPU); tables give the median and the
minimum over the rounds.

**Peak memory** of a call, above what was in use when it started, measured
in a separate call of each variant after the timed rounds (a measurement
disturbs the timing: on a CPU it makes the call fault its pages in again):

- GPU: ``torch.cuda.max_memory_allocated`` after ``reset_peak_memory_stats``
  minus ``memory_allocated`` at the start; the absolute maximum is reported
  too.
- CPU: the kernel's resident-set high-water mark. Writing ``5`` to
  ``/proc/self/clear_refs`` resets ``VmHWM`` to the current ``VmRSS``
  (Linux >= 4.0); after the call, ``VmHWM`` minus that start is the peak
  (of the whole process, all threads). This is right only if memory freed
  before the call went back to the kernel. glibc's malloc keeps freed
  blocks in its heap (and raises its mmap threshold each time a mapped
  block is freed, so that more blocks land there), and a call that reuses
  them never raises the RSS: its peak would read low, down to zero. So
  ``malloc_trim(0)`` first returns every free heap page to the kernel, and
  the call's allocations raise the RSS again.

:func:`check_peak_memory` validates the CPU measure where it runs, and every
benchmark reports its reads with the settings: it frees an 8 MiB block (which
raises glibc's threshold), then measures twice the allocation of 64 blocks of
4 MiB and once that of 4096 blocks of 64 KiB; each read must be 256 MiB
within 2%. Without the trim, the reads on this machine were 256, 28 and
0 MiB.
"""
import argparse
import ctypes
import os
import platform
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import torch
from mmengine.logging import MMLogger

MiB = 2**20
# Building optimizers logs every parameter's options at INFO on mmengine's
# current logger: a WARNING-level one made current keeps the output to the
# numbers.
MMLogger.get_instance('mars_mm_benchmarks', log_level='WARNING')


def _load_glibc() -> Optional[ctypes.CDLL]:
    """glibc, for ``malloc_trim``; None where libc is another."""
    try:
        libc = ctypes.CDLL('libc.so.6')
    except OSError:
        return None
    return libc if hasattr(libc, 'malloc_trim') else None


_GLIBC = _load_glibc()


def use_cuda() -> bool:
    """bool: Whether the benchmarks run on a GPU."""
    return torch.cuda.is_available()


def device() -> torch.device:
    """torch.device: The GPU when there is one, else the CPU."""
    return torch.device('cuda' if use_cuda() else 'cpu')


def synchronize() -> None:
    """Wait for queued GPU work, so that a timer sees all of it."""
    if use_cuda():
        torch.cuda.synchronize()


def _proc_status_bytes(*keys: str) -> Dict[str, int]:
    """Read ``/proc/self/status`` fields given in kB, in bytes."""
    values = {}
    with open('/proc/self/status') as f:
        for line in f:
            key, _, value = line.partition(':')
            if key in keys:
                values[key] = int(value.split()[0]) * 1024
    return values


class PeakMemory:
    """Context manager: the peak memory of its body above its start.

    See the module docstring for how each device is measured.

    Attributes:
        peak (int): Bytes above the start, after the body.
        max_allocated (int, optional): On a GPU, the absolute
            ``torch.cuda.max_memory_allocated`` during the body.
    """

    def __init__(self) -> None:
        self.peak = 0
        self.max_allocated: Optional[int] = None
        self._start = 0

    def __enter__(self) -> 'PeakMemory':
        if use_cuda():
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            self._start = torch.cuda.memory_allocated()
        else:
            if _GLIBC is not None:
                _GLIBC.malloc_trim(0)
            with open('/proc/self/clear_refs', 'w') as f:
                f.write('5')
            self._start = _proc_status_bytes('VmHWM')['VmHWM']
        return self

    def __exit__(self, *exc_info) -> None:
        if use_cuda():
            torch.cuda.synchronize()
            self.max_allocated = torch.cuda.max_memory_allocated()
            self.peak = self.max_allocated - self._start
        else:
            self.peak = _proc_status_bytes('VmHWM')['VmHWM'] - self._start


def check_peak_memory() -> str:
    """Validate :class:`PeakMemory` on this machine (module docstring).

    Returns:
        str: The three reads of a 256 MiB allocation, and whether each is
        within 2% of it.
    """
    dev = device()
    # A freed 8 MiB block would raise glibc's dynamic threshold above the
    # 4 MiB blocks that follow.
    block = torch.ones(2 * MiB, device=dev)
    del block
    reads = []
    for num, size in ((64, 4 * MiB), (64, 4 * MiB), (4096, MiB // 16)):
        with PeakMemory() as mem:
            blocks = [
                torch.ones(size // 4, device=dev)  # float32
                for _ in range(num)
            ]
            del blocks
        reads.append(mem.peak / MiB)
    ok = all(abs(read - 256) <= 0.02 * 256 for read in reads)
    return ('256 MiB as 64 x 4 MiB twice, then as 4096 x 64 KiB, read ' +
            ', '.join(f'{read:.1f}' for read in reads) +
            f' MiB ({"ok" if ok else "NOT within 2%"})')


@dataclass
class Measurement:
    """Timed rounds and peak memory of one variant.

    Attributes:
        times (list[float]): Seconds per timed call.
        peak (int, optional): Peak bytes above the start of the memory call.
        max_allocated (int, optional): GPU only: the absolute peak of the
            memory call.
    """

    times: List[float] = field(default_factory=list)
    peak: Optional[int] = None
    max_allocated: Optional[int] = None

    @property
    def median(self) -> float:
        """float: Median seconds."""
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        """float: Fastest call, seconds."""
        return min(self.times)

    @property
    def peak_mib(self) -> Optional[float]:
        """float, optional: Peak above the start, MiB."""
        return None if self.peak is None else self.peak / MiB

    @property
    def max_allocated_mib(self) -> Optional[float]:
        """float, optional: Absolute GPU peak, MiB."""
        return (None
                if self.max_allocated is None else self.max_allocated / MiB)


def measure_interleaved(calls: Dict[str, Callable[[], object]],
                        repeats: int,
                        warmup: int = 1,
                        memory: bool = True) -> Dict[str, Measurement]:
    """Time several calls in interleaved rounds, then measure their memory.

    Args:
        calls (dict[str, Callable]): The variants, by name.
        repeats (int): Timed rounds.
        warmup (int): Unmeasured calls of each variant first (allocator,
            optimizer state, lazy initialisation). Defaults to 1.
        memory (bool): Whether to measure peak memory, in one more call of
            each variant. Defaults to True.

    Returns:
        dict[str, Measurement]: The measurements, by name.
    """
    names = list(calls)
    for _ in range(warmup):
        for name in names:
            calls[name]()
    results = {name: Measurement() for name in names}
    for round_idx in range(repeats):
        shift = round_idx % len(names)
        for name in names[shift:] + names[:shift]:
            synchronize()
            start = time.perf_counter()
            calls[name]()
            synchronize()
            results[name].times.append(time.perf_counter() - start)
    if memory:
        for name in names:
            with PeakMemory() as mem:
                calls[name]()
            results[name].peak = mem.peak
            results[name].max_allocated = mem.max_allocated
    return results


def _cpu_name() -> str:
    """The CPU model from ``/proc/cpuinfo`` (or the platform's word)."""
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.partition(':')[2].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown CPU'


def settings(**extra: object) -> Dict[str, str]:
    """The settings every benchmark prints with its numbers.

    Args:
        **extra: Benchmark-specific settings (sizes, repeats, ...).

    Returns:
        dict[str, str]: torch version, threads, device and memory measure,
        then ``extra``.
    """
    if use_cuda():
        dev = f'GPU {torch.cuda.get_device_name()}'
        memory = 'torch.cuda.max_memory_allocated'
    else:
        dev = f'CPU {_cpu_name()}, {os.cpu_count()} logical cores'
        memory = ('VmHWM after malloc_trim and clear_refs' if _GLIBC
                  is not None else 'VmHWM after clear_refs, NO malloc_trim')
    values = {
        'torch': torch.__version__,
        'threads': str(torch.get_num_threads()),
        'device': dev,
        'peak memory': memory,
        'memory check': check_peak_memory(),
    }
    values.update({key: str(value) for key, value in extra.items()})
    return values


@dataclass
class Target:
    """A cost target (a ratio to meet) and whether the measurement meets it.

    Attributes:
        name (str): What is measured.
        measured (str): The measured value.
        goal (str): The target.
        met (bool): Whether the measured value meets the goal.
    """

    name: str
    measured: str
    goal: str
    met: bool


@dataclass
class Section:
    """The output of one benchmark: settings, Markdown tables, targets.

    Attributes:
        title (str): Section title.
        settings (dict[str, str]): From :func:`settings`.
        tables (list[str]): Markdown blocks (tables with their captions).
        targets (list[Target]): The cost targets it measures.
    """

    title: str
    settings: Dict[str, str]
    tables: List[str] = field(default_factory=list)
    targets: List[Target] = field(default_factory=list)


def markdown_table(headers: Sequence[str],
                   rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers should be formatted by the caller.

    Args:
        headers (Sequence[str]): Column titles.
        rows (Sequence[Sequence]): Cells, one sequence per row.

    Returns:
        str: The table, without a trailing newline.
    """
    lines = ['| ' + ' | '.join(headers) + ' |',
             '|' + '|'.join('---' for _ in headers) + '|']
    lines += ['| ' + ' | '.join(str(cell) for cell in row) + ' |'
              for row in rows]
    return '\n'.join(lines)


def targets_table(targets: Sequence[Target]) -> str:
    """The targets as a Markdown table with a met/missed column."""
    return markdown_table(
        ['target', 'measured', 'goal', 'result'],
        [(t.name, t.measured, t.goal, 'met' if t.met else '**missed**')
         for t in targets])


def render_section(section: Section, level: int = 2) -> str:
    """A benchmark's output as Markdown.

    Args:
        section (Section): The benchmark output.
        level (int): Heading level. Defaults to 2.

    Returns:
        str: Title, settings, tables and targets.
    """
    parts = [
        '#' * level + ' ' + section.title, 'Settings: ' + '; '.join(
            f'{key} {value}' for key, value in section.settings.items())
    ]
    parts += section.tables
    if section.targets:
        parts.append(targets_table(section.targets))
    return '\n\n'.join(parts) + '\n'


def fmt_ratio(num: float, den: float) -> str:
    """``num / den`` with two decimals and an x; a dash if ``den`` is not
    positive (a peak below what the measure resolves)."""
    return f'{num / den:.2f}x' if den > 0 else '-'


def fmt_seconds(value: float) -> str:
    """Seconds with three significant digits, in s or ms."""
    if abs(value) >= 1:
        return f'{value:.3g} s'
    return f'{value * 1e3:.3g} ms'


def fmt_mib(value: Optional[float]) -> str:
    """MiB with no decimals (one below 10), or a dash."""
    if value is None:
        return '-'
    return f'{value:.0f}' if abs(value) >= 10 else f'{value:.1f}'


def cli(run: Callable[[bool], Section], description: str) -> None:
    """Command line of a benchmark script: run it and print its Markdown.

    Args:
        run (Callable[[bool], Section]): The benchmark, called with
            ``quick``.
        description (str): Help text (the script's docstring).
    """
    parser = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        '--quick',
        action='store_true',
        help='tiny sizes and one repeat: a smoke check, not a measurement')
    args = parser.parse_args()
    print(render_section(run(args.quick)))
