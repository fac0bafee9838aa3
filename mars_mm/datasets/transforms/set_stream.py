"""Tag a packed sample with the training stream it feeds."""
from mmcv.transforms import BaseTransform
from mmpretrain.registry import TRANSFORMS

from mars_mm.utils.streams import STREAMS


@TRANSFORMS.register_module()
class SetStream(BaseTransform):
    """Write ``stream`` into the metainfo of the packed data sample.

    A multi-stream batch mixes samples of several datasets; the data
    preprocessor splits it by this tag instead of by position, so a batch in
    any order, or a source left out of the config, is still read right. It
    goes last in a pipeline, after ``PackInputs``.

    **Required Keys:** ``data_samples``

    **Modified Keys:** ``data_samples`` (metainfo ``stream`` added)

    Args:
        stream (str): One of ``'sup'``, ``'inter_class'``, ``'unsup'``.
    """

    def __init__(self, stream: str) -> None:
        if stream not in STREAMS:
            raise ValueError(
                f'stream must be one of {STREAMS}, but got {stream!r}')
        self.stream = stream

    def transform(self, results: dict) -> dict:
        """Tag ``results['data_samples']`` with the stream.

        Args:
            results (dict): The output of ``PackInputs``.

        Returns:
            dict: ``results``, its data sample tagged.
        """
        if 'data_samples' not in results:
            raise KeyError('SetStream must follow PackInputs in the pipeline:'
                           ' the results hold no `data_samples`')
        results['data_samples'].set_metainfo(dict(stream=self.stream))
        return results

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(stream='{self.stream}')"
