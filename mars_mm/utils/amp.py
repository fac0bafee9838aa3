"""The one place where mars_mm decides whether ``--amp`` can run."""
from mmengine.device import (is_cuda_available, is_mlu_available,
                             is_npu_available)


class AmpUnavailableError(RuntimeError):
    """``--amp`` asked for on a machine without an accelerator for it."""


def check_amp_available(flag: str = '--amp') -> None:
    """Refuse automatic mixed precision where mmengine cannot run it.

    mmengine's ``AmpOptimWrapper`` (training) asserts a CUDA, NPU or MLU
    device deep inside the Runner, and half-precision testing on the CPU is
    slower than float32, not faster. Called by ``tools/train.py`` and
    ``tools/test.py`` before the Runner is built, so that ``--amp`` on a CPU
    stops at once with this message instead.

    Args:
        flag (str): The command-line option to name in the message.

    Raises:
        AmpUnavailableError: Without a CUDA, NPU or MLU device.
    """
    if is_cuda_available() or is_npu_available() or is_mlu_available():
        return
    raise AmpUnavailableError(
        f'{flag} (automatic mixed precision) needs a CUDA, NPU or MLU '
        'device, and none is available here: run without '
        f'{flag} on the CPU.')
