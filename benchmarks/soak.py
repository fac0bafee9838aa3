"""Soak: does resident memory stay flat over 1,000+ training iterations?

Each semi-supervised demo config (``configs/demo/msl_semi_demo.py`` and
``configs/demo/ai4mars_semi_demo.py``: tiny models, CPU) trains for at least
``--iters`` iterations in its own process, through mmengine's ``Runner`` with
the config's hooks (the memory bank, the pseudo-label counters of
``SegmentationStageHook``, the random-state hook, the checkpoint hook,
logging). An :class:`RSSSamplerHook` reads the process's resident set
(``VmRSS`` of ``/proc/self/status``) every ``--interval`` iterations.
Changed from the configs: ``num_workers=0`` (one process holds all the
memory), validation and a checkpoint every ``--val-every`` epochs (the
random-state hook saves and restores the training states around each), no
test, and training stops at the end of the epoch that reaches ``--iters``
(the schedules keep their lengths; the AI4Mars demo's pseudo labels start at
epoch 12, so most of its soak runs with them).

Reported per config: the RSS at the end of the warm-up (``--warmup``
iterations, by default past the first validation and checkpoint, whose
one-time allocations are not growth), at the end, the largest growth after
the warm-up (maximum RSS after it minus the RSS at it) and the least-squares
slope over the samples after it. The bound: the largest growth after the
warm-up is at most 5% of the warm-up RSS (:data:`GROWTH_BOUND`).

Run: ``OMP_NUM_THREADS=1 python -m benchmarks.soak [--iters N]
[--results benchmarks/RESULTS.md]``; ``--results`` replaces (or appends) the
``## 5. Soak`` section of that file and leaves the rest of it as it was
(``make bench`` rewrites the whole file: run the soak after it).
"""
import argparse
import json
import os
import os.path as osp
import re
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Sequence, Tuple

from mmengine.hooks import Hook

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = ('configs/demo/msl_semi_demo.py',
           'configs/demo/ai4mars_semi_demo.py')
SECTION_TITLE = '5. Soak: resident memory over 1,000+ training iterations'
# Largest growth after the warm-up, as a fraction of the warm-up RSS.
GROWTH_BOUND = 0.05
MiB = 2**20


def read_rss() -> int:
    """The resident set size of this process, in bytes (``VmRSS``)."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    raise RuntimeError('no VmRSS in /proc/self/status')


class RSSSamplerHook(Hook):
    """Sample the resident set every ``interval`` iterations; stop training
    at the end of the epoch in which ``max_iters`` is reached; count the
    validations.

    Args:
        interval (int): Iterations between samples.
        max_iters (int): Iterations to train at least.
    """

    priority = 'LOWEST'

    def __init__(self, interval: int, max_iters: int) -> None:
        self.interval = interval
        self.max_iters = max_iters
        self.samples: List[Tuple[int, int]] = []
        self.validations = 0

    def before_train(self, runner) -> None:
        """The first sample, before any iteration."""
        self.samples.append((0, read_rss()))

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        """Sample every ``interval`` iterations; ask the loop to stop once
        ``max_iters`` are done (it stops at the end of the epoch)."""
        done = runner.iter + 1
        if done % self.interval == 0:
            self.samples.append((done, read_rss()))
        if done >= self.max_iters:
            runner.train_loop.stop_training = True

    def after_val_epoch(self, runner, metrics=None) -> None:
        """Count a validation."""
        self.validations += 1


def growth(samples: Sequence[Tuple[int, int]], warmup: int) -> Dict:
    """Memory figures of a run from its (iteration, RSS) samples.

    Args:
        samples (Sequence[tuple[int, int]]): (iterations done, RSS bytes),
            in order.
        warmup (int): Iterations of warm-up; the first sample at or after it
            is the reference.

    Returns:
        dict: ``last_iter`` (last sample's iteration), ``warmup_iter`` and
        ``warmup_rss`` (the reference), ``end_rss``, ``max_growth`` (maximum
        RSS at or after the reference minus it), ``slope_per_1k`` (bytes per
        1,000 iterations, least squares over those samples), and ``met``
        (``max_growth <= GROWTH_BOUND * warmup_rss``).
    """
    after = [(it, rss) for it, rss in samples if it >= warmup]
    if len(after) < 2:
        raise ValueError(f'need two samples at or after iteration {warmup}, '
                         f'got {len(after)} of {len(samples)}')
    warmup_iter, warmup_rss = after[0]
    iters = [it for it, _ in after]
    rss = [r for _, r in after]
    mean_it, mean_rss = sum(iters) / len(iters), sum(rss) / len(rss)
    slope = sum((i - mean_it) * (r - mean_rss)
                for i, r in zip(iters, rss)) / sum(
                    (i - mean_it)**2 for i in iters)
    max_growth = max(rss) - warmup_rss
    return dict(
        last_iter=iters[-1],
        warmup_iter=warmup_iter,
        warmup_rss=warmup_rss,
        end_rss=rss[-1],
        max_growth=max_growth,
        slope_per_1k=slope * 1000,
        met=max_growth <= GROWTH_BOUND * warmup_rss)


def soak_one(config: str,
             iters: int,
             interval: int,
             work_dir: str,
             val_every: int = 25,
             options: Optional[Dict] = None) -> Dict:
    """Train ``config`` for at least ``iters`` iterations in this process.

    Args:
        config (str): Config path, relative to the repository.
        iters (int): Iterations to train at least.
        interval (int): Iterations between RSS samples.
        work_dir (str): The run's work dir.
        val_every (int): Epochs between validations, and between
            checkpoints. Defaults to 25.
        options (dict, optional): Config overrides (``--cfg-options``
            keys), e.g. data roots.

    Returns:
        dict: ``samples`` (iteration, RSS), ``iters`` (iterations trained),
        ``validations``, ``wall_s``, ``cpu_s`` (CPU time of the process)
        and ``iters_per_epoch``.
    """
    from mmengine.config import Config
    from mmengine.runner import Runner

    import mars_mm  # noqa: F401 (registers the components, mmseg:: alias)

    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    if options:
        cfg.merge_from_dict(options)
    cfg.work_dir = work_dir
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        loader.num_workers = 0
        loader.persistent_workers = False
    # As many epochs as needed: the sampler hook stops the loop earlier.
    cfg.train_cfg = dict(
        type='EpochBasedTrainLoop', max_epochs=10**6, val_interval=val_every)
    for key in ('test_dataloader', 'test_evaluator', 'test_cfg'):
        cfg[key] = None
    cfg.default_hooks.checkpoint.update(
        interval=val_every, max_keep_ckpts=1, save_best=None)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=50)
    cfg.default_hooks.pop('visualization', None)
    cfg.log_level = 'WARNING'
    runner = Runner.from_cfg(cfg)
    sampler = RSSSamplerHook(interval, iters)
    runner.register_hook(sampler)
    start, start_cpu = time.perf_counter(), time.process_time()
    runner.train()
    return dict(
        samples=sampler.samples,
        iters=runner.iter,
        validations=sampler.validations,
        wall_s=time.perf_counter() - start,
        cpu_s=time.process_time() - start_cpu,
        iters_per_epoch=len(runner.train_dataloader))


def run_in_subprocess(config: str, iters: int, interval: int,
                      val_every: int) -> Dict:
    """:func:`soak_one` in a fresh interpreter (its own RSS baseline)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = osp.join(tmp, 'soak.json')
        subprocess.run([
            sys.executable, '-m', 'benchmarks.soak', '--one', config,
            '--iters',
            str(iters), '--interval',
            str(interval), '--val-every',
            str(val_every), '--json', out, '--work-dir',
            osp.join(tmp, 'work')
        ],
                       cwd=REPO_ROOT,
                       check=True)
        with open(out) as f:
            return json.load(f)


def render(results: Dict[str, Dict], iters: int, interval: int,
           warmup: int, val_every: int) -> str:
    """The Markdown section of the soak."""
    import torch
    rows = []
    for config, result in results.items():
        g = growth(result['samples'], warmup)
        rows.append(
            f"| `{config}` | {result['iters']:,} ({result['iters_per_epoch']}/"
            f"epoch) | {result['validations']} | "
            f"{result['wall_s'] / 60:.1f} min | "
            f"{result['cpu_s'] / 60:.1f} min | "
            f"{g['warmup_rss'] / MiB:.0f} MiB (iter {g['warmup_iter']}) | "
            f"{g['end_rss'] / MiB:.0f} MiB | "
            f"{g['max_growth'] / MiB:+.1f} MiB "
            f"({100 * g['max_growth'] / g['warmup_rss']:+.1f}%) | "
            f"{g['slope_per_1k'] / MiB:+.1f} MiB | "
            f"<= {100 * GROWTH_BOUND:.0f}% | "
            f"{'met' if g['met'] else 'MISSED'} |")
    settings = (
        f'Settings: torch {torch.__version__}; threads '
        f'{torch.get_num_threads()} (OMP_NUM_THREADS='
        f"{os.environ.get('OMP_NUM_THREADS', 'unset')}); "
        f'{os.cpu_count()} logical cores; at least {iters:,} iterations per '
        f'config, each in its own process; RSS (VmRSS) every {interval} '
        f'iterations; warm-up {warmup} iterations; num_workers=0; '
        f'validation and a checkpoint every {val_every} epochs; written by '
        f"`python -m benchmarks.soak` on {time.strftime('%Y-%m-%d %H:%M')}.")
    table = '\n'.join([
        '| config | iterations | validations + checkpoints | wall | CPU | '
        'RSS after warm-up | RSS at end | largest growth after warm-up | '
        'slope per 1,000 iters | bound | |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
    ] + rows)
    return (f'## {SECTION_TITLE}\n\n{settings}\n\n{table}\n\n'
            'Wall: elapsed time, which other jobs on the machine stretch; '
            "CPU: the training process's CPU time. "
            'RSS after warm-up: the first sample at or after the warm-up; '
            'largest growth: the largest RSS sampled from then on minus it; '
            'slope: least squares over those samples. Bound: the largest '
            'growth is at most 5% of the RSS after warm-up '
            '(`benchmarks/soak.py`).\n')


def replace_section(path: str, section: str) -> None:
    """Put ``section`` in the Markdown file ``path``: in place of its own
    earlier version, or appended; the rest of the file is kept."""
    text = open(path).read() if osp.exists(path) else ''
    pattern = re.compile(
        r'^## ' + re.escape(SECTION_TITLE) + r'\n.*?(?=^## |\Z)',
        re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + '\n', text).rstrip('\n') + '\n'
    else:
        text = text.rstrip('\n') + '\n\n' + section
    with open(path, 'w') as f:
        f.write(text)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--iters', type=int, default=1000)
    parser.add_argument('--interval', type=int, default=10)
    parser.add_argument(
        '--val-every',
        type=int,
        default=25,
        help='epochs between validations (and checkpoints)')
    parser.add_argument(
        '--warmup',
        type=int,
        default=None,
        help='warm-up iterations (default: 300, past the first validation '
        'and checkpoint, after epoch 25: iteration 225 of the MSL demo, '
        '200 of the AI4Mars demo)')
    parser.add_argument(
        '--configs', nargs='+', default=list(CONFIGS), help='configs to soak')
    parser.add_argument(
        '--results', help='Markdown file whose soak section to write')
    parser.add_argument(
        '--samples', help='JSON file for the raw samples of every config')
    # The child process of one config.
    parser.add_argument('--one', help=argparse.SUPPRESS)
    parser.add_argument('--json', help=argparse.SUPPRESS)
    parser.add_argument('--work-dir', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        result = soak_one(args.one, args.iters, args.interval, args.work_dir,
                          args.val_every)
        with open(args.json, 'w') as f:
            json.dump(result, f)
        return
    warmup = 300 if args.warmup is None else args.warmup
    results = {}
    for config in args.configs:
        print(f'Soaking {config} ...', flush=True)
        results[config] = run_in_subprocess(config, args.iters,
                                            args.interval, args.val_every)
    if args.samples:
        with open(args.samples, 'w') as f:
            json.dump(results, f)
    section = render(results, args.iters, args.interval, warmup,
                     args.val_every)
    print(section)
    if args.results:
        replace_section(args.results, section)


if __name__ == '__main__':
    main()
