"""Issue 12, weak 8: an invalid label on one DDP rank makes every rank fail.

Before, the rank with the bad label raised alone (in the memory bank's own
check, or in the cross entropy), while the other ranks went on into the next
collective (the bank's all-reduce, SyncBN, DDP's gradient all-reduce) and
waited there until the process group timed out. Each test runs two gloo
ranks, rank 1 holding the bad labels, under a deadline: a rank still running
after it fails the test instead of hanging it.
"""
import datetime
import json
import os
import time

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from mmengine.config import ConfigDict
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData

import mars_mm  # noqa: F401 (registers the components)
from mars_mm.models.utils import (ClassMemoryBank, InvalidLabelError,
                                  check_labels_on_all_ranks)

DEADLINE_S = 30


def _bank_step(rank: int) -> None:
    bank = ClassMemoryBank(num_classes=3, feat_dim=2)
    labels = [[0, 1, 255], [0, 7, -3]][rank]
    bank.update(torch.zeros(3, 2), torch.tensor(labels))


def _segmentor_step(rank: int) -> None:
    from mmseg.registry import MODELS
    from mmseg.structures import SegDataSample
    init_default_scope('mmseg')
    norm = dict(type='BN', requires_grad=True)
    aspp = dict(
        in_channels=64, in_index=3, channels=16, dilations=(1, 2),
        c1_in_channels=8, c1_channels=4, dropout_ratio=0, num_classes=3,
        norm_cfg=norm)
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='PseudoLabelEncoderDecoder',
            backbone=dict(
                type='ResNetV1c', depth=18, stem_channels=8,
                base_channels=8, strides=(1, 2, 1, 1),
                dilations=(1, 1, 2, 4), norm_cfg=norm),
            decode_head=dict(type='DepthwiseSeparableASPPHead', **aspp),
            auxiliary_head=dict(
                type='MemoryBankContrastHead', feat_dim=8, queue_len=4,
                **aspp),
            train_cfg=dict(),
            test_cfg=ConfigDict(mode='whole')))
    gt = torch.randint(0, 3, (2, 32, 32))
    if rank == 1:
        gt[0, :2, :3] = 9  # e.g. a label PNG of another class list
    samples = [
        SegDataSample(
            gt_sem_seg=PixelData(data=g[None]),
            metainfo=dict(
                img_shape=(32, 32), ori_shape=(32, 32), pad_shape=(32, 32)))
        for g in gt
    ]
    model.loss(torch.randn(2, 3, 32, 32), samples)


def _classifier_step(rank: int) -> None:
    from mmpretrain.registry import MODELS
    from mmpretrain.structures import DataSample
    init_default_scope('mmpretrain')
    projector = dict(
        type='MoCoV2Neck', in_channels=64, hid_channels=32, out_channels=16,
        with_avg_pool=False)
    torch.manual_seed(0)
    model = MODELS.build(
        dict(
            type='SemiSupervisedClassifier',
            backbone=dict(
                type='ResNet', depth=18, stem_channels=8, base_channels=8),
            neck=dict(type='GlobalAveragePooling'),
            head=dict(type='LinearClsHead', num_classes=3, in_channels=64),
            inter_class_projector=projector,
            inter_class_loss=dict(type='InterClassContrastiveLoss'),
            similarity_projector=None,
            similarity_loss=None))

    def sample(stream, label):
        return DataSample(metainfo=dict(stream=stream)).set_gt_label(label)

    sup = [0, 2] if rank == 0 else [0, 5]
    inputs = dict(
        sup=[torch.randn(2, 3, 32, 32)],
        inter_class=[torch.randn(6, 3, 32, 32)])
    data_samples = dict(
        sup=[sample('sup', c) for c in sup],
        inter_class=[sample('inter_class', c) for c in (0, 0, 1, 1, 2, 2)])
    model.loss(inputs, data_samples)


STEPS = dict(
    bank=_bank_step, segmentor=_segmentor_step, classifier=_classifier_step)


def _on_rank(rank: int, step: str, init_file: str, out_dir: str) -> None:
    dist.init_process_group(
        'gloo',
        init_method=f'file://{init_file}',
        rank=rank,
        world_size=2,
        timeout=datetime.timedelta(seconds=DEADLINE_S))
    try:
        STEPS[step](rank)
        result = dict(error=None, message='')
    except Exception as error:  # noqa: BLE001 (recorded for the test)
        result = dict(error=type(error).__name__, message=str(error))
    with open(os.path.join(out_dir, f'{rank}.json'), 'w') as f:
        json.dump(result, f)
    # No destroy_process_group: the other rank may be gone.
    os._exit(0)


def run_two_ranks(step: str, tmp_path) -> list:
    """Run ``step`` on two gloo ranks; each rank's error and message."""
    # fork: the children inherit the imported packages.
    context = mp.start_processes(
        _on_rank,
        args=(step, str(tmp_path / 'init'), str(tmp_path)),
        nprocs=2,
        join=False,
        start_method='spawn')
    deadline = time.monotonic() + DEADLINE_S
    while not context.join(timeout=1):
        if time.monotonic() > deadline:
            for process in context.processes:
                process.kill()
            pytest.fail(f'the ranks still run after {DEADLINE_S} s: one of '
                        'them waits in a collective for the other')
    results = []
    for rank in range(2):
        with open(tmp_path / f'{rank}.json') as f:
            results.append(json.load(f))
    return results


@pytest.mark.parametrize('step', sorted(STEPS))
def test_invalid_labels_on_one_rank_fail_every_rank(step, tmp_path):
    results = run_two_ranks(step, tmp_path)
    for rank, result in enumerate(results):
        assert result['error'] == 'InvalidLabelError', (rank, result)
        # Every rank names the offending rank and the range of its values.
        assert 'rank 1: ' in result['message'], result
        assert 'rank 0: ' not in result['message'], result
        assert 'Every one of the 2 ranks stops here' in result['message']
    count, values = dict(
        bank=(2, '[-3, 7]'), segmentor=(6, '[9, 9]'),
        classifier=(1, '[5, 5]'))[step]
    for result in results:
        assert f'rank 1: {count} value(s) in {values}' in result['message']
    # The offending rank also lists its distinct bad values.
    assert 'This rank (1) holds the values [' in results[1]['message']
    assert 'This rank' not in results[0]['message']


def test_single_process_check_names_values():
    check_labels_on_all_ranks(torch.tensor([0, 2, 255]), 3)
    with pytest.raises(InvalidLabelError, match=r'\[-1, 4\].*\[-1, 4\]'):
        check_labels_on_all_ranks(torch.tensor([0, 4, -1, 255]), 3)
    # Label maps may be uint8.
    with pytest.raises(InvalidLabelError, match=r'1 value\(s\) in \[7, 7\]'):
        check_labels_on_all_ranks(torch.tensor([0, 7], dtype=torch.uint8), 3)
    # Without an ignore index (classification), 255 is a bad label too.
    with pytest.raises(InvalidLabelError, match=r'outside \[0, 3\): rank 0'):
        check_labels_on_all_ranks(torch.tensor([255]), 3, None, 'gt_label')
