# List this file before any `mmseg::` base. mmengine reads the bases of a
# config in order, and resolves `mmseg::` to the distribution
# `mmsegmentation` before `custom_imports` runs; the OneDL release is called
# `onedl-mmsegmentation`. Importing mars_mm while this file is read maps the
# scope to it (mars_mm/utils/config_alias.py), so that any script that parses
# the config with mmengine's Config.fromfile works as it is: mmseg's own
# tools/train.py and tools/test.py, mim, or ours. The call defines no config
# key (mmengine drops module values), and does nothing where upstream
# mmsegmentation is installed.
__import__('mars_mm')
