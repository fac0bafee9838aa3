"""Test a checkpoint of a mars_mm (or any mmpretrain / mmseg) config."""
import argparse
import copy
import os
import os.path as osp

from mmengine.config import Config, ConfigDict, DictAction
from mmengine.logging import print_log
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

# Importing mars_mm registers its components and the mmseg:: config alias.
from mars_mm.utils import (check_amp_available, exit_on_termination_signals,
                           merge_cfg_options, setup_cpu_distributed)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument(
        '--work-dir', help='the dir to save the evaluation metrics')
    parser.add_argument(
        '--out',
        help='where to write the predictions. A segmentation config: a '
        'folder, one PNG of class indices per image, named after it (as '
        "mmseg's test.py). A path ending in .pkl, and any path for a "
        "classification config: a pickle file of the predictions (as "
        "mmpretrain's)")
    parser.add_argument(
        '--show',
        action='store_true',
        help='show each painted prediction in a window')
    parser.add_argument(
        '--wait-time',
        type=float,
        default=2,
        help='seconds each prediction is shown (--show)')
    parser.add_argument(
        '--show-dir',
        help='save painted predictions to this folder; a relative path is '
        'taken under the work dir')
    parser.add_argument(
        '--tta',
        action='store_true',
        help="test-time augmentation with the config's tta_pipeline and "
        "tta_model (the AI4Mars configs: mmseg's six scales x horizontal "
        "flip); a classification config without them gets mmpretrain's "
        'flip TTA')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='test in automatic mixed precision (needs a GPU)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the config, in xxx=yyy format')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def enable_visualization(cfg: Config, show: bool, wait_time: float,
                         show_dir: str = None) -> None:
    """Switch on the codebase's visualisation hook.

    ``show`` opens a window per prediction for ``wait_time`` seconds;
    ``show_dir`` (relative: under ``cfg.work_dir``) receives the painted
    predictions.
    """
    hook = cfg.default_hooks.get('visualization')
    if hook is None:
        raise ValueError('--show and --show-dir need '
                         'default_hooks.visualization in the config')
    if show and show_dir and cfg.default_scope == 'mmseg':
        raise ValueError(
            "--show and --show-dir together: mmseg's SegVisualizationHook "
            'saves nothing while it shows; use one of them per run')
    if show_dir is not None:
        show_dir = osp.join(cfg.work_dir, show_dir)
    hook.update(show=show, wait_time=wait_time, interval=1)
    if cfg.default_scope == 'mmpretrain':
        hook.update(enable=True, out_dir=show_dir)
    else:
        hook.update(draw=True)
        if show_dir is not None:
            cfg.visualizer['save_dir'] = show_dir


def enable_tta(cfg: Config) -> None:
    """Wrap the model in ``cfg.tta_model``, test on ``cfg.tta_pipeline``.

    As the codebases' own ``tools/test.py``: mmseg needs both keys in the
    config (ours: the AI4Mars dataset base and mmseg's default runtime);
    for mmpretrain, missing ones mean averaged scores over a horizontal
    flip.
    """
    if cfg.default_scope == 'mmpretrain':
        if not cfg.get('tta_model'):
            cfg.tta_model = dict(type='mmpretrain.AverageClsScoreTTA')
        if not cfg.get('tta_pipeline'):
            pipeline = copy.deepcopy(cfg.test_dataloader.dataset.pipeline)
            pipeline[-1] = dict(
                type='TestTimeAug',
                transforms=[[
                    dict(type='RandomFlip', prob=1.),
                    dict(type='RandomFlip', prob=0.)
                ], [pipeline[-1]]])
            cfg.tta_pipeline = pipeline
    missing = [
        key for key in ('tta_model', 'tta_pipeline') if not cfg.get(key)
    ]
    if missing:
        raise ValueError(f'--tta needs {" and ".join(missing)} in the config '
                         "(see mmseg's configs/_base_/datasets/*.py and "
                         'configs/_base_/datasets/ai4mars.py)')
    cfg.test_dataloader.dataset.pipeline = cfg.tta_pipeline
    cfg.model = ConfigDict(**cfg.tta_model, module=cfg.model)


def add_prediction_output(cfg: Config, out: str) -> None:
    """Write the predictions to ``out``: PNG label maps in a folder for
    segmentation (mmseg's IoUMetric ``output_dir``), else a pickle file
    (mmengine's ``DumpResults``)."""
    evaluators = cfg.test_evaluator
    if isinstance(evaluators, dict):
        evaluators = [evaluators]
    if cfg.default_scope == 'mmseg' and not out.endswith(('.pkl',
                                                          '.pickle')):
        from mmseg.evaluation import IoUMetric
        from mmseg.registry import METRICS
        metrics = [
            evaluator for evaluator in evaluators
            if issubclass(METRICS.get(evaluator['type']), IoUMetric)
        ]
        if not metrics:
            raise ValueError('--out FOLDER needs an IoUMetric (or a subclass, '
                             'as FrequencyWeightedIoUMetric) in '
                             'test_evaluator; end --out with .pkl for a '
                             'pickle file instead')
        metrics[0].update(output_dir=out, keep_results=True)
    else:
        cfg.test_evaluator = list(evaluators) + [
            dict(type='DumpResults', out_file_path=out)
        ]


def main() -> None:
    # SIGTERM/SIGINT unwind the run, so that its dataloader workers exit too.
    exit_on_termination_signals()
    args = parse_args()

    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        # data_root=..., num_classes=...: one key each (README, "Your data").
        for change in merge_cfg_options(cfg, args.cfg_options):
            print_log(f'carried along: {change}', logger='current')

    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint

    if args.amp:
        check_amp_available()
        cfg.test_cfg = cfg.get('test_cfg') or dict(type='TestLoop')
        cfg.test_cfg.fp16 = True
    if args.show or args.show_dir:
        if args.tta and cfg.default_scope == 'mmpretrain':
            raise ValueError(
                "--tta with --show or --show-dir: mmpretrain's "
                'VisualizationHook cannot draw test-time-augmented batches; '
                'use them in separate runs')
        enable_visualization(cfg, args.show, args.wait_time, args.show_dir)
    if args.tta:
        enable_tta(cfg)
    if args.out:
        add_prediction_output(cfg, args.out)

    setup_cpu_distributed(cfg)

    if 'runner_type' not in cfg:
        runner = Runner.from_cfg(cfg)
    else:
        runner = RUNNERS.build(cfg)
    runner.test()


if __name__ == '__main__':
    main()
