"""Label efficiency on real images: baseline vs semi-supervised, over seeds.

    python -m benchmarks.label_efficiency [--tasks digits textures] \
        [--fractions 0.05 0.2 1] [--seeds 0 1 2 3 4] [--jobs 2] \
        [--work-dir work_dirs/label_efficiency] \
        [--out benchmarks/LABEL_EFFICIENCY.md]

(``make bench-accuracy``.) The real-image sets of
:mod:`benchmarks.real_image_sets` are cut into labelled subsets by the tools a
user runs on the releases (``--labelled-fraction`` of
``tools/dataset_converters/msl_labelled_subset.py`` and
``tools/dataset_converters/ai4mars_split.py``); seed ``s`` draws both the
labelled subset and the training seed. ``--train-seeds k`` trains each
method ``k`` times on every subset (training seeds ``s``, ``s + 100``, ...)
and a subset's result is their mean: the per-seed difference then measures
the method on that subset rather than one training draw. For every task,
fraction and seed the baseline and the semi-supervised config train on the
same labelled images
for the same number of iterations (about the task's ``max_iters``,
whatever the fraction: scarce labels are seen more often, not fewer times;
counted as the epochs of the labelled batches), then each is
evaluated on the val and the test split of that subset. The training images
left unlabelled feed the semi-supervised streams; at fraction 1 there are
none, and the semi-supervised run reads its labelled images a second time,
without labels.

Written: a Markdown table (mean +- std over seeds of each method, the mean
+- std of the per-seed difference, seeds won, each seed's difference; with
``--train-seeds``, also the difference run by run) and a PNG of the metric
against the labelled fraction with error bars, beside
``--out``; every run's dumped config, log and ``metrics.json`` under
``--work-dir``. Settings are chosen on val; the tables report test.
"""
import argparse
import concurrent.futures
import json
import math
import os
import os.path as osp
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Callable, Dict, List, Sequence

import numpy as np

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


@dataclass(frozen=True)
class Task:
    """One real-image set with its two configs and its budget."""
    name: str
    title: str
    metric: str
    configs: Dict[str, str]
    max_iters: int
    make_subset: Callable[[str, float, int, str], None]
    # The root of the set under the data folder: the configs' data_root.
    data_dir: str


def _tool(args: Sequence[str]) -> None:
    subprocess.run([sys.executable] + list(args),
                   cwd=REPO_ROOT,
                   check=True,
                   stdout=subprocess.DEVNULL)


def _digits_subset(data_root: str, fraction: float, seed: int,
                   out_dir: str) -> None:
    _tool([
        'tools/dataset_converters/msl_labelled_subset.py', data_root,
        '--labelled-fraction', str(fraction), '--seed', str(seed),
        '--reshuffle-seed', '0', '--out-dir', out_dir
    ])
    unlabeled = osp.join(out_dir, 'unlabelled.txt')
    if os.path.getsize(unlabeled) == 0:
        # Fraction 1: the similarity stream reads the labelled images.
        with open(osp.join(out_dir, 'train.txt')) as f:
            paths = [line.split()[0] + '\n' for line in f if line.strip()]
        with open(unlabeled, 'w') as f:
            f.writelines(paths)


def _textures_subset(data_root: str, fraction: float, seed: int,
                     out_dir: str) -> None:
    _tool([
        'tools/dataset_converters/ai4mars_split.py', data_root,
        '--labelled-fraction', str(fraction), '--labelled-seed', str(seed),
        '--out-dir', out_dir, '--no-summary'
    ])
    unlabeled = osp.join(out_dir, 'train_unlabelled.txt')
    if os.path.getsize(unlabeled) == 0:
        # Fraction 1: the unlabelled source reads the labelled images.
        with open(osp.join(out_dir, 'train.txt')) as f, \
                open(unlabeled, 'w') as out:
            out.write(f.read())


TASKS = {
    'digits':
    Task(
        name='digits',
        title='Classification: scikit-learn digits in the MSL layout',
        metric='accuracy/top1',
        configs=dict(
            baseline='configs/bench/digits_resnet18_baseline.py',
            semi='configs/bench/digits_resnet18_semi.py'),
        max_iters=1200,
        make_subset=_digits_subset,
        data_dir='digits-msl'),
    'textures':
    Task(
        name='textures',
        title='Segmentation: scikit-image textures in the AI4Mars layout',
        metric='mIoU',
        configs=dict(
            baseline='configs/bench/textures_deeplabv3plus_baseline.py',
            semi='configs/bench/textures_deeplabv3plus_semi.py'),
        max_iters=600,
        make_subset=_textures_subset,
        data_dir='textures-ai4mars/msl'),
}


def run_config(task: Task, method: str, data_root: str, split_dir: str,
               seed: int, max_iters: int):
    """The config of one run: the method's config on one labelled subset.

    Args:
        task (Task): The task.
        method (str): A key of ``task.configs``: ``'baseline'``,
            ``'semi'`` or a variant's name.
        data_root (str): Where the task's set was written.
        split_dir (str): The subset's folder, relative to ``data_root``.
        seed (int): Training seed.
        max_iters (int): The iteration budget.

    Returns:
        mmengine.Config: The config to train and test.
    """
    from mmengine.config import Config

    from mars_mm.utils import merge_cfg_options
    cfg = Config.fromfile(osp.join(REPO_ROOT, task.configs[method]))
    # As a user points a config at their data: one key each.
    merge_cfg_options(cfg, dict(data_root=data_root, split_dir=split_dir))
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        # Loading in the main process: several runs share the cores.
        cfg[key].update(num_workers=0, persistent_workers=False)
    cfg.randomness = dict(seed=seed)
    # The subset's labelled images (train.txt of both split tools) in
    # batches of the baseline's size, which the semi-supervised configs
    # keep as their labelled share of a batch, give the epochs.
    num_labelled = _count_lines(osp.join(data_root, split_dir, 'train.txt'))
    baseline = Config.fromfile(osp.join(REPO_ROOT, task.configs['baseline']))
    batches_per_epoch = math.ceil(num_labelled /
                                  baseline.train_dataloader.batch_size)
    _scale_epochs(cfg, max(1, round(max_iters / batches_per_epoch)))
    max_epochs = cfg.train_cfg.max_epochs
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', interval=max_epochs)
    cfg.default_hooks.logger = dict(
        type='LoggerHook',
        interval=max(1, max_iters // 12),
        log_metric_by_epoch=False)
    cfg.default_hooks.pop('visualization', None)
    return cfg


def _count_lines(path: str) -> int:
    with open(path) as f:
        return sum(1 for line in f if line.strip())


def _scale_epochs(cfg, max_epochs: int) -> None:
    """Give an epoch-based config ``max_epochs``, in place.

    Every epoch count of the schedule (learning-rate milestones, begins and
    ends, the segmentation stages) keeps its fraction of the config's own
    ``max_epochs``; stages that begin at a fraction of the run already
    do. The budget is counted in
    epochs, not with an iteration-based loop: mmengine's infinite-dataloader
    wrapper sleeps 2 s at every pass over the data, which a subset of a few
    batches hits every few iterations.
    """
    scale = max_epochs / cfg.train_cfg.max_epochs

    def scaled(value):
        if isinstance(value, (list, tuple)):
            return [scaled(v) for v in value]
        return int(round(value * scale))

    cfg.train_cfg.max_epochs = max_epochs
    cfg.train_cfg.val_interval = max_epochs
    schedulers = cfg.param_scheduler
    for scheduler in (schedulers if isinstance(schedulers, list) else
                      [schedulers]):
        for key in ('milestones', 'begin', 'end'):
            if key in scheduler:
                scheduler[key] = scaled(scheduler[key])
    for hook in cfg.get('custom_hooks', []):
        for stage in hook.get('stages', []):
            if not isinstance(stage.begin, float):
                stage.begin = scaled(stage.begin)


def _run_one(cfg_path: str, work_dir: str) -> None:
    """Train a dumped config, then evaluate on val and test (subprocess)."""
    from mmengine.config import Config
    from mmengine.runner import Runner

    import mars_mm  # noqa: F401

    # Kept with the metrics: the Runner dumps its own version of the config
    # (with ``work_dir``) over ``cfg_path``.
    with open(cfg_path) as f:
        config_text = f.read()
    cfg = Config.fromfile(cfg_path)
    cfg.work_dir = work_dir
    runner = Runner.from_cfg(cfg)
    runner.train()
    metrics = dict(val=runner.val_loop.run(), test=runner.test_loop.run())
    results = {
        split: {name: float(value)
                for name, value in split_metrics.items()}
        for split, split_metrics in metrics.items()
    }
    with open(osp.join(work_dir, 'metrics.json'), 'w') as f:
        json.dump(dict(results, config=config_text), f)


@dataclass(frozen=True)
class Run:
    """One training run of the benchmark."""
    task: str
    fraction: float
    seed: int
    train_seed: int
    method: str
    work_dir: str


def train_seeds(seed: int, num_train_seeds: int) -> List[int]:
    """The training seeds of labelled subset ``seed``: ``seed`` first.

    The first draw trains with the subset's own seed, so that a table of one
    draw per subset is the first column of a table of several.
    """
    return [seed + 100 * draw for draw in range(num_train_seeds)]


def run_dir_name(method: str, seed: int, train_seed: int) -> str:
    """A run's folder under its subset: the method, then a training seed
    other than the subset's own."""
    if train_seed == seed:
        return method
    return f'{method}-train-seed{train_seed}'


def _finished_with(run_dir: str, config_text: str) -> bool:
    """Whether ``run_dir`` holds the metrics of a run of this very config.

    A finished run is reused only while the config it was trained with
    (kept in its ``metrics.json``) is the one the benchmark would train
    now: after a change to a config or to the code that writes them, the
    run is trained again, so that a table never mixes runs of different
    settings. Stale metrics are removed.
    """
    metrics = osp.join(run_dir, 'metrics.json')
    if not osp.isfile(metrics):
        return False
    with open(metrics) as f:
        if json.load(f).get('config') == config_text:
            return True
    os.remove(metrics)
    return False


def prepare_runs(tasks: Sequence[Task],
                 fractions: Sequence[float],
                 seeds: Sequence[int],
                 work_dir: str,
                 max_iters: Dict[str, int],
                 methods: Sequence[str] = (),
                 num_train_seeds: int = 1) -> List[Run]:
    """Write the data sets, the subsets and every run's config.

    Args:
        tasks (Sequence[Task]): The tasks.
        fractions (Sequence[float]): Labelled fractions.
        seeds (Sequence[int]): Seeds (of the subset and of training).
        work_dir (str): Root of everything written.
        max_iters (dict): Budget of each task.
        methods (Sequence[str]): Train only these methods (config names);
            all when empty.
        num_train_seeds (int): Training runs of each method per subset.

    Returns:
        list[Run]: The runs still to train (finished ones are skipped).
    """
    from benchmarks.real_image_sets import write_digits, write_textures
    data_dir = osp.join(work_dir, 'data')
    writers = dict(
        digits=write_digits,
        textures=write_textures)
    runs = []
    for task in tasks:
        name = task.name
        data_root = osp.join(data_dir, task.data_dir)
        if not osp.isdir(data_root):
            writers[name](data_dir)
        for fraction in fractions:
            for seed in seeds:
                split_dir = f'labelled-{fraction * 100:g}pct-seed{seed}'
                if not osp.isdir(osp.join(data_root, split_dir)):
                    task.make_subset(data_root, fraction, seed,
                                     osp.join(data_root, split_dir))
                for train_seed in train_seeds(seed, num_train_seeds):
                    for method in task.configs:
                        if methods and method not in methods:
                            continue
                        run_dir = osp.join(
                            work_dir, name, split_dir,
                            run_dir_name(method, seed, train_seed))
                        run = Run(name, fraction, seed, train_seed, method,
                                  run_dir)
                        text = run_config(task, method, data_root, split_dir,
                                          train_seed,
                                          max_iters[name]).pretty_text
                        if _finished_with(run_dir, text):
                            continue
                        os.makedirs(run_dir, exist_ok=True)
                        with open(osp.join(run_dir, 'config.py'), 'w') as f:
                            f.write(text)
                        runs.append(run)
    return runs


def train_all(runs: Sequence[Run], jobs: int) -> None:
    """Train and evaluate the runs, ``jobs`` at a time, one thread each."""
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1')

    def train(run: Run) -> None:
        with open(osp.join(run.work_dir, 'run.log'), 'w') as log:
            subprocess.run([
                sys.executable, '-m', 'benchmarks.label_efficiency',
                '--run-one',
                osp.join(run.work_dir, 'config.py'), run.work_dir
            ],
                           cwd=REPO_ROOT,
                           env=env,
                           stdout=log,
                           stderr=subprocess.STDOUT,
                           check=True)
        print(f'done: {run.task} {run.fraction:g} seed {run.seed} '
              f'training seed {run.train_seed} {run.method}', flush=True)

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for future in [pool.submit(train, run) for run in runs]:
            future.result()


def collect(task: Task,
            fractions: Sequence[float],
            seeds: Sequence[int],
            work_dir: str,
            split: str = 'test',
            num_train_seeds: int = 1) -> Dict[float, dict]:
    """Per fraction: each method's metric per seed and training run.

    Returns:
        dict: ``{fraction: {method: array}}``, each array of shape
        ``(len(seeds), num_train_seeds)``: a row per labelled subset, in
        seed order, a column per training seed (the subset's own first).
    """
    results = {}
    for fraction in fractions:
        per_method = {}
        for method in task.configs:
            values = []
            for seed in seeds:
                draws = []
                for train_seed in train_seeds(seed, num_train_seeds):
                    path = osp.join(
                        work_dir, task.name,
                        f'labelled-{fraction * 100:g}pct-seed{seed}',
                        run_dir_name(method, seed, train_seed),
                        'metrics.json')
                    with open(path) as f:
                        draws.append(json.load(f)[split][task.metric])
                values.append(draws)
            per_method[method] = np.array(values)
        results[fraction] = per_method
    return results


def _each(diff: np.ndarray) -> str:
    """The per-seed differences, in seed order: which seeds carry a mean."""
    return ' '.join(f'{d:+.2f}' for d in diff)


def _std(values: np.ndarray) -> float:
    """The sample std, undefined (nan) for one value."""
    return values.std(ddof=1) if len(values) > 1 else float('nan')


def single_runs(results: Dict[float, dict]) -> str:
    """Semi-supervised minus baseline run by run, paired by training seed.

    The criterion of the tables above on single training draws, for
    results of several training runs per subset: their mean of course
    equals the tables', their spread includes every draw's.
    """
    cells = []
    for fraction, per_method in results.items():
        diff = (per_method['semi'] - per_method['baseline']).ravel()
        cells.append(f'{fraction * 100:g}%: {diff.mean():+.2f} +- '
                     f'{_std(diff):.2f}, {int((diff > 0).sum())}/'
                     f'{len(diff)} runs won')
    return 'Single runs (semi - baseline, same subset and training seed): ' \
        + '; '.join(cells) + '.\n'


def markdown(task: Task, results: Dict[float, dict], split: str) -> str:
    """The table of one task: mean +- std per method and the gain.

    A seed's value is the mean of its training runs (``collect``).
    """
    lines = [
        f'### {task.title} ({task.metric}, {split} split)', '',
        '| labelled | baseline | semi-supervised | semi - baseline '
        "(per-seed diff.) | seeds won | gain > std | each seed's diff. |",
        '|---|---|---|---|---|---|---|'
    ]
    for fraction, per_method in results.items():
        base = per_method['baseline'].mean(axis=1)
        semi = per_method['semi'].mean(axis=1)
        diff = semi - base
        std = _std(diff)
        lines.append(
            f'| {fraction * 100:g}% | {base.mean():.2f} +- '
            f'{base.std(ddof=1) if len(base) > 1 else 0:.2f} | '
            f'{semi.mean():.2f} +- '
            f'{semi.std(ddof=1) if len(semi) > 1 else 0:.2f} | '
            f'{diff.mean():+.2f} +- {std:.2f} | '
            f'{int((diff > 0).sum())}/{len(diff)} | '
            f'{"yes" if diff.mean() > std else "no"} | '
            f'{_each(diff)} |')
    return '\n'.join(lines) + '\n'


def variants_markdown(task: Task,
                      results: Dict[float, dict],
                      split: str,
                      reference: str = 'baseline') -> str:
    """Every method of a task against a reference method (ablations).

    Args:
        task (Task): The task.
        results (dict): Per fraction, each method's results (subsets x
            training runs).
        split (str): The split the results are of.
        reference (str): The method whose result each subset's difference
            subtracts: the baseline, or a variant that is the baseline of
            another network. Defaults to ``'baseline'``.

    Returns:
        str: The Markdown table.
    """
    lines = [
        f'### {task.name}: variants ({task.metric}, {split} split)', '',
        f'| labelled | config | mean +- std | - {reference} (per-seed diff.) '
        "| seeds won | each seed's diff. |", '|---|---|---|---|---|---|'
    ]
    for fraction, per_method in results.items():
        if reference not in per_method:
            raise ValueError(f'--reference {reference} is none of the '
                             f'methods {list(per_method)}')
        base = per_method[reference].mean(axis=1)
        for method, runs in per_method.items():
            values = runs.mean(axis=1)
            diff = values - base
            std = _std(diff)
            lines.append(
                f'| {fraction * 100:g}% | {method} | {values.mean():.2f} +- '
                f'{values.std(ddof=1) if len(values) > 1 else 0:.2f} | '
                f'{diff.mean():+.2f} +- {std:.2f} | '
                f'{int((diff > 0).sum())}/{len(diff)} | {_each(diff)} |')
    return '\n'.join(lines) + '\n'


def tables_command(args: argparse.Namespace) -> str:
    """The command that writes the tables of ``args`` again (the runs are
    reused).

    Args:
        args (argparse.Namespace): The parsed command line.

    Returns:
        str: The command, without paths of this machine.
    """
    command = (f'python -m benchmarks.label_efficiency --tasks '
               f'{" ".join(args.tasks)} --fractions '
               f'{" ".join(f"{f:g}" for f in args.fractions)} --seeds '
               f'{" ".join(map(str, args.seeds))}')
    if args.train_seeds > 1:
        command += f' --train-seeds {args.train_seeds}'
    if args.max_iters is not None:
        command += f' --max-iters {args.max_iters}'
    if args.variants:
        command += ' --variants ' + ' '.join(args.variants)
    if args.reference != 'baseline':
        command += f' --reference {args.reference}'
    return command


def with_variants(variants: Sequence[str]) -> Dict[str, Task]:
    """The tasks, each with the variant configs named after its task.

    A variant ``configs/bench/<task>_<...>.py`` joins task ``<task>`` as a
    method named after its file.
    """
    tasks = dict(TASKS)
    for path in variants:
        stem = osp.splitext(osp.basename(path))[0]
        name = stem.split('_')[0]
        if name not in tasks:
            raise ValueError(f'{path}: a variant config must be named '
                             f'<task>_..., with a task of {list(TASKS)}')
        tasks[name] = replace(
            tasks[name], configs={
                **tasks[name].configs, stem: path
            })
    return tasks


def plot(tasks: Sequence[Task], results: Dict[str, dict], out: str) -> None:
    """Metric vs labelled fraction, both methods, error bars (std)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(
        1, len(tasks), figsize=(5 * len(tasks), 4), squeeze=False)
    for ax, task in zip(axes[0], tasks):
        fractions = sorted(results[task.name])
        for method, label in (('baseline', 'baseline'),
                              ('semi', 'semi-supervised')):
            values = [
                results[task.name][f][method].mean(axis=1) for f in fractions
            ]
            ax.errorbar([f * 100 for f in fractions],
                        [v.mean() for v in values],
                        yerr=[v.std(ddof=1) if len(v) > 1 else 0
                              for v in values],
                        marker='o',
                        capsize=4,
                        label=label)
        ax.set_xscale('log')
        # Only the fractions are labelled (the log axis labels minor ticks
        # between two fractions of one decade).
        ax.set_xticks([], minor=True)
        ax.set_xticks([f * 100 for f in fractions])
        ax.set_xticklabels([f'{f * 100:g}%' for f in fractions])
        ax.set_xlabel('labelled fraction of the training split')
        ax.set_ylabel(task.metric)
        ax.set_title(task.title, fontsize=9)
        ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Label efficiency on real images')
    parser.add_argument('--tasks', nargs='+', default=list(TASKS),
                        choices=list(TASKS))
    parser.add_argument('--fractions', nargs='+', type=float,
                        default=[0.05, 0.2, 1.0])
    parser.add_argument('--seeds', nargs='+', type=int,
                        default=[0, 1, 2, 3, 4])
    parser.add_argument(
        '--train-seeds',
        type=int,
        default=1,
        help='training runs of each method per labelled subset (training '
        "seeds s, s + 100, ...); a subset's result is their mean")
    parser.add_argument('--jobs', type=int, default=2,
                        help='runs trained at once, one thread each')
    parser.add_argument('--work-dir', default='work_dirs/label_efficiency')
    parser.add_argument('--out', default='benchmarks/LABEL_EFFICIENCY.md')
    parser.add_argument(
        '--max-iters', type=int,
        help="every task's budget (default: the task's own)")
    parser.add_argument(
        '--variants',
        nargs='+',
        default=[],
        metavar='CONFIG',
        help='other configs to compare with the baseline (ablations), each '
        'named <task>_..., e.g. configs/bench/digits_resnet18_semi_simsiam'
        '.py; the table then lists every config of a task')
    parser.add_argument(
        '--reference',
        default='baseline',
        help='with --variants: the method that the tables subtract from '
        'each, e.g. textures_deeplabv3plus_baseline_gn for the variants of '
        'a group-normalised network (default: baseline)')
    parser.add_argument(
        '--methods',
        nargs='+',
        default=[],
        help='train only these methods (baseline, semi or variant config '
        'names), e.g. beside another run of the benchmark; no table')
    parser.add_argument(
        '--prepare-only',
        action='store_true',
        help="write the sets, the subsets and each run's config.py under "
        '--work-dir (<task>/labelled-<pct>pct-seed<s>/<method>/) and train '
        'nothing: `make demo` trains them with tools/train.py')
    parser.add_argument('--run-one', nargs=2, metavar=('CONFIG', 'WORK_DIR'),
                        help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.run_one:
        _run_one(*args.run_one)
        return
    work_dir = osp.abspath(args.work_dir)
    tasks = [with_variants(args.variants)[name] for name in args.tasks]
    budget = {
        task.name: args.max_iters or task.max_iters
        for task in tasks
    }
    if args.train_seeds < 1:
        raise SystemExit(
            f'--train-seeds must be at least 1, got {args.train_seeds}')
    for task in tasks:
        # Before any training: the tables need the reference's runs.
        if args.reference not in task.configs:
            raise SystemExit(f'--reference {args.reference} is none of the '
                             f'methods of {task.name}: {list(task.configs)}')
    runs = prepare_runs(tasks, args.fractions, args.seeds, work_dir, budget,
                        args.methods, args.train_seeds)
    if args.prepare_only:
        print('\n'.join(run.work_dir for run in runs))
        return
    print(f'{len(runs)} runs to train in {work_dir}', flush=True)
    train_all(runs, args.jobs)
    if args.methods:
        print('--methods: runs trained; rerun without it for the tables')
        return
    results = {
        task.name: collect(task, args.fractions, args.seeds, work_dir,
                           num_train_seeds=args.train_seeds)
        for task in tasks
    }
    text = ['# Label efficiency on real images', '',
            f'`{tables_command(args)}`; budgets (iterations): ' +
            ', '.join(f'{k} {v}' for k, v in budget.items()) + '.', '']
    if args.train_seeds > 1:
        text += [
            f"A seed's result is the mean of {args.train_seeds} training "
            'runs on its labelled subset (training seeds '
            + ', '.join(f's + {100 * draw}' if draw else 's'
                        for draw in range(args.train_seeds)) + ').', ''
        ]
    for task in tasks:
        val = collect(task, args.fractions, args.seeds, work_dir, 'val',
                      args.train_seeds)
        if args.variants:
            text.append(variants_markdown(task, val, 'val', args.reference))
            text.append(
                variants_markdown(task, results[task.name], 'test',
                                  args.reference))
        else:
            text.append(markdown(task, results[task.name], 'test'))
            if args.train_seeds > 1:
                text.append(single_runs(results[task.name]))
            text.append(markdown(task, val, 'val'))
            if args.train_seeds > 1:
                text.append(single_runs(val))
    png = osp.splitext(args.out)[0] + '.png'
    plot(tasks, results, png)
    text.append(f'![label efficiency]({osp.basename(png)})')
    with open(args.out, 'w') as f:
        f.write('\n'.join(text) + '\n')
    print('\n'.join(text))


if __name__ == '__main__':
    main()
