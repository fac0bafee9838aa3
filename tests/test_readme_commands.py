"""The README's dataset-preparation commands run as written.

Each command of the shell blocks of "Preparing the real datasets" runs, word
for word (``python`` being this interpreter), in a folder whose ``data/``
holds the demo data where the README expects the real releases: the demo
data copies their layouts.
"""
import os
import os.path as osp
import re
import shlex
import shutil
import subprocess
import sys

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def section_commands(title: str) -> list:
    """The commands of the shell blocks of one ``## `` section."""
    with open(osp.join(REPO_ROOT, 'README.md')) as f:
        text = f.read()
    section = text.split(f'\n## {title}\n', 1)[1].split('\n## ', 1)[0]
    commands = []
    for block in re.findall(r'```shell\n(.*?)```', section, re.S):
        for line in block.replace('\\\n', ' ').splitlines():
            line = line.strip()
            if line and not line.startswith('#'):
                commands.append(line)
    return commands


DATASET_COMMANDS = section_commands('Preparing the real datasets')


def test_the_section_has_commands():
    assert len(DATASET_COMMANDS) >= 4
    assert all(c.startswith('python tools/') for c in DATASET_COMMANDS)


@pytest.mark.parametrize('command', DATASET_COMMANDS)
def test_dataset_command_runs_as_written(command, demo_data_root, tmp_path):
    data = tmp_path / 'data'
    shutil.copytree(demo_data_root['msl'], data / 'msl-images')
    # Without the demo fixture's splits: the README writes them.
    shutil.copytree(demo_data_root['ai4mars'],
                    data / 'ai4mars-dataset-merged-0.1' / 'msl',
                    ignore=shutil.ignore_patterns('splits'))
    args = shlex.split(command)
    assert args[0] == 'python'
    result = subprocess.run(
        [sys.executable, osp.join(REPO_ROOT, args[1])] + args[2:],
        cwd=str(tmp_path),
        env=dict(os.environ, OMP_NUM_THREADS='1'),
        capture_output=True,
        text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    # Each writes into the data root or prints its table.
    out_dirs = [args[i + 1] for i, a in enumerate(args) if a == '--out-dir']
    for out_dir in out_dirs:
        assert os.listdir(tmp_path / out_dir)
    if not out_dirs:
        assert result.stdout.strip() or osp.isdir(
            data / 'ai4mars-dataset-merged-0.1' / 'msl' / 'splits')
