import os
import os.path as osp

import pytest
import torch
from mmengine.runner import load_checkpoint

from mars_mm.utils import UnsafeCheckpointError
from mars_mm.utils.safe_checkpoint import ALLOW_UNSAFE_ENV


class WritesAFile:
    """Unpickling this creates a file: the code a checkpoint could run."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, 'w'))


def test_model_checkpoint_loads(tmp_path):
    model = torch.nn.Linear(3, 2)
    path = str(tmp_path / 'ok.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict(epoch=1)), path)
    other = torch.nn.Linear(3, 2)
    checkpoint = load_checkpoint(other, path)
    assert checkpoint['meta']['epoch'] == 1
    assert torch.equal(other.weight, model.weight)


def test_pickled_code_is_not_run_without_opt_in(tmp_path, monkeypatch):
    marker = tmp_path / 'ran'
    path = str(tmp_path / 'evil.pth')
    torch.save(dict(state_dict={}, payload=WritesAFile(str(marker))), path)
    monkeypatch.delenv(ALLOW_UNSAFE_ENV, raising=False)
    with pytest.raises(UnsafeCheckpointError,
                       match=rf'evil.pth: .*{ALLOW_UNSAFE_ENV}=1'):
        load_checkpoint(torch.nn.Linear(1, 1), path)
    assert not marker.exists()
    # The explicit opt-in loads it (and so runs its code).
    monkeypatch.setenv(ALLOW_UNSAFE_ENV, '1')
    load_checkpoint(torch.nn.Linear(1, 1), path, strict=False)
    assert marker.exists()


@pytest.mark.parametrize('content', [b'not a checkpoint\n', b''])
def test_file_that_is_not_a_checkpoint(tmp_path, content):
    path = tmp_path / 'notes.pth'
    path.write_bytes(content)
    with pytest.raises(ValueError, match='notes.pth: not a PyTorch '
                       'checkpoint'):
        load_checkpoint(torch.nn.Linear(1, 1), str(path))


def test_truncated_checkpoint(tmp_path):
    path = str(tmp_path / 'cut.pth')
    torch.save(dict(state_dict=torch.nn.Linear(50, 50).state_dict()), path)
    with open(path, 'rb') as f:
        data = f.read()
    with open(path, 'wb') as f:
        f.write(data[:len(data) // 2])
    with pytest.raises(ValueError, match='cut.pth: not a PyTorch checkpoint'):
        load_checkpoint(torch.nn.Linear(50, 50), path)
    assert osp.getsize(path) > 0


class RunsAShellCommand:
    """Unpickling this calls ``os.system`` (``posix.system``)."""

    def __reduce__(self):
        return (os.system, ('true', ))


def test_unsafe_error_names_the_refused_global_and_the_file(
        tmp_path, monkeypatch):
    """Guards issue 12, weak 9: the message of UnsafeCheckpointError named
    neither the refused global (only the chained torch error did) nor, in
    its reason, anything but torch's documentation link."""
    path = str(tmp_path / 'shell.pth')
    torch.save(dict(state_dict={}, payload=RunsAShellCommand()), path)
    monkeypatch.delenv(ALLOW_UNSAFE_ENV, raising=False)
    with pytest.raises(UnsafeCheckpointError) as info:
        load_checkpoint(torch.nn.Linear(1, 1), path)
    message = str(info.value)
    assert message.startswith(f'{path}: refused global posix.system: ')
