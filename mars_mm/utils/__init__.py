from .amp import AmpUnavailableError, check_amp_available
from .config_alias import register_onedl_config_alias
from .config_variables import merge_cfg_options
from .distributed import setup_cpu_distributed
from .pretrained_checkpoint import (MissingCheckpointError,
                                    check_pretrained_checkpoints)
from .safe_checkpoint import (UnsafeCheckpointError, load_local_checkpoint,
                              register_safe_checkpoint_loader)
from .termination import exit_on_termination_signals

__all__ = [
    'AmpUnavailableError', 'MissingCheckpointError', 'UnsafeCheckpointError',
    'check_amp_available', 'check_pretrained_checkpoints',
    'exit_on_termination_signals', 'load_local_checkpoint',
    'merge_cfg_options',
    'register_onedl_config_alias', 'register_safe_checkpoint_loader',
    'setup_cpu_distributed'
]
