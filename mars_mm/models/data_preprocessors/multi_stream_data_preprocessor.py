"""Split a multi-stream training batch into one batch per stream."""
from typing import Dict, List

import torch
from mmpretrain.models import ClsDataPreprocessor
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


@MODELS.register_module()
class MultiStreamDataPreprocessor(ClsDataPreprocessor):
    """``ClsDataPreprocessor`` for batches that mix several streams.

    A training batch of the semi-supervised classifier holds samples of
    several streams, each tagged by ``SetStream`` in its metainfo
    (``'sup'``, ``'inter_class'``, ``'unsup'``); samples of a stream may have
    several views (``MultiView``), so the dataloader must use
    ``pseudo_collate``. Each stream, and each of its views, is preprocessed
    as ``ClsDataPreprocessor`` does (colour conversion, normalisation,
    padding and stacking). Batch augmentations (mixup, cutmix) apply to the
    ``'sup'`` stream only: mixing images of different classes would break
    the class pairs and views of the contrastive streams.

    A batch without stream tags (validation, testing, a plain classifier) is
    preprocessed exactly as by ``ClsDataPreprocessor``. Arguments are those
    of ``ClsDataPreprocessor``.
    """

    def forward(self, data: dict, training: bool = False) -> dict:
        """Preprocess a batch, split by stream when its samples are tagged.

        Args:
            data (dict): ``inputs`` and ``data_samples`` from the dataloader.
            training (bool): Whether to apply the batch augmentations.

        Returns:
            dict: For a tagged batch, ``inputs`` maps each stream to the list
            of its views, each a ``(N, C, H, W)`` tensor, and
            ``data_samples`` maps each stream to its data samples. Otherwise
            the output of ``ClsDataPreprocessor``.
        """
        samples = data.get('data_samples')
        tags = [sample.metainfo.get('stream') for sample in samples or []]
        if not any(tags):
            return super().forward(data, training)
        if not all(tags):
            raise ValueError('Some samples of the batch have a stream tag and '
                             'some do not: add SetStream to every pipeline '
                             'of the training dataset')
        inputs = data['inputs']
        if not isinstance(inputs, (list, tuple)) or len(inputs) != len(tags):
            raise TypeError('A multi-stream batch needs one input per sample: '
                            'set collate_fn=dict(type="pseudo_collate") in '
                            'the training dataloader')

        stream_inputs: Dict[str, List[torch.Tensor]] = {}
        stream_samples: Dict[str, List[DataSample]] = {}
        for stream in dict.fromkeys(tags):
            members = [i for i, tag in enumerate(tags) if tag == stream]
            views = self._split_views([inputs[i] for i in members], stream)
            stream_samples[stream] = [samples[i] for i in members]
            stream_inputs[stream] = []
            for v, view in enumerate(views):
                # Labels are set on the samples once, with the first view.
                out = super().forward(
                    dict(
                        inputs=view,
                        data_samples=stream_samples[stream]
                        if v == 0 else None),
                    training and stream == 'sup')
                stream_inputs[stream].append(out['inputs'])
        return dict(inputs=stream_inputs, data_samples=stream_samples)

    @staticmethod
    def _split_views(items: list, stream: str) -> List[List[torch.Tensor]]:
        """Regroup per-sample inputs into per-view lists.

        Args:
            items (list): One entry per sample: an image tensor, or a list of
                view tensors (``MultiView``).
            stream (str): The stream, for error messages.

        Returns:
            list[list[torch.Tensor]]: For each view, the image of each
            sample.
        """
        if all(isinstance(item, torch.Tensor) for item in items):
            return [items]
        num_views = {
            len(item) if isinstance(item, (list, tuple)) else None
            for item in items
        }
        if len(num_views) != 1 or None in num_views:
            raise ValueError(f'The samples of stream {stream!r} have '
                             'different numbers of views')
        return [list(view) for view in zip(*items)]
