from .config_alias import register_onedl_config_alias
from .distributed import setup_cpu_distributed

__all__ = ['register_onedl_config_alias', 'setup_cpu_distributed']
