"""tools/dist_train.sh, dist_test.sh and slurm_train.sh pick their Python:
``$PYTHON``, else the repository's ``.venv/bin/python``, else ``python``."""
import os
import os.path as osp
import shutil
import subprocess

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SCRIPTS = {
    'dist_train.sh': ['CONFIG', '2'],
    'dist_test.sh': ['CONFIG', 'CKPT', '2'],
    'slurm_train.sh': ['PARTITION', 'JOB', 'CONFIG'],
}


def fake_program(path, name: str) -> None:
    """An executable that prints its name and arguments."""
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(f'#!/usr/bin/env bash\necho "{name} $*"\n')
    os.chmod(path, 0o755)


@pytest.fixture
def checkout(tmp_path):
    """The launch scripts in a repository folder of their own, and a PATH
    with a fake ``python`` and a fake ``srun`` that runs its last
    arguments (the interpreter and its script)."""
    root = tmp_path / 'repo'
    shutil.copytree(osp.join(REPO_ROOT, 'tools'), root / 'tools',
                    ignore=shutil.ignore_patterns('*.py', '__pycache__'))
    bin_dir = tmp_path / 'bin'
    fake_program(bin_dir / 'python', 'PATH-python')
    with open(bin_dir / 'srun', 'w') as f:
        # Drop srun's options (the arguments before the interpreter).
        f.write('#!/usr/bin/env bash\n'
                'while [ $# -gt 0 ]; do case "$1" in\n'
                '    -p) shift 2 ;; -*) shift ;; *) break ;;\n'
                'esac; done\n'
                'exec "$@"\n')
    os.chmod(bin_dir / 'srun', 0o755)
    env = {k: v for k, v in os.environ.items() if k != 'PYTHON'}
    env['PATH'] = f'{bin_dir}:/usr/bin:/bin'
    return root, env


def run_script(root, name: str, env: dict) -> str:
    result = subprocess.run(['bash', str(root / 'tools' / name)] +
                            SCRIPTS[name],
                            env=env,
                            capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize('name', sorted(SCRIPTS))
def test_launch_script_uses_the_repository_venv(name, checkout):
    root, env = checkout
    fake_program(root / '.venv' / 'bin' / 'python', 'venv-python')
    out = run_script(root, name, env)
    assert out.startswith('venv-python ')
    # The repository's own tool, wherever the script is called from.
    tool = 'test.py' if name == 'dist_test.sh' else 'train.py'
    assert str(root / 'tools' / tool) in out


@pytest.mark.parametrize('name', sorted(SCRIPTS))
def test_launch_script_python_variable_wins(name, checkout, tmp_path):
    root, env = checkout
    fake_program(root / '.venv' / 'bin' / 'python', 'venv-python')
    fake_program(tmp_path / 'other' / 'python3', 'other-python')
    env['PYTHON'] = str(tmp_path / 'other' / 'python3')
    assert run_script(root, name, env).startswith('other-python ')


@pytest.mark.parametrize('name', sorted(SCRIPTS))
def test_launch_script_without_venv_uses_python_on_path(name, checkout):
    root, env = checkout
    assert run_script(root, name, env).startswith('PATH-python ')
