"""What a plain ``pip install .`` pulls, and what the extras add."""
import os
import os.path as osp

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def _requirements(name: str) -> set:
    with open(osp.join(REPO_ROOT, 'requirements', name)) as f:
        return {
            line.split('#')[0].strip()
            for line in f if line.split('#')[0].strip()
        }


def _package_sources() -> str:
    texts = []
    for root, _, files in os.walk(osp.join(REPO_ROOT, 'mars_mm')):
        for name in files:
            if name.endswith('.py'):
                with open(osp.join(root, name)) as f:
                    texts.append(f.read())
    return '\n'.join(texts)


def test_tool_only_libraries_are_an_extra_that_the_tests_include():
    """t-SNE, the real-image sets and TIFF input are the tools': the
    [tools] extra, which [tests] holds; no component imports them."""
    tools = _requirements('tools.txt')
    assert tools == {'scikit-learn', 'scikit-image', 'tifffile'}
    assert not tools & _requirements('runtime.txt')
    with open(osp.join(REPO_ROOT, 'setup.py')) as f:
        setup_text = f.read()
    assert ("parse_requirements('tests.txt') + parse_requirements("
            "'tools.txt')") in setup_text
    sources = _package_sources()
    for module in ('sklearn', 'skimage', 'tifffile'):
        assert f'import {module}' not in sources
        assert f'from {module}' not in sources


def test_every_runtime_requirement_is_imported_by_the_package():
    sources = _package_sources()
    modules = {'onedl-mmengine': 'mmengine', 'onedl-mmcv': 'mmcv',
               'onedl-mmpretrain': 'mmpretrain',
               'onedl-mmsegmentation': 'mmseg', 'pdr': 'pdr'}
    for requirement in _requirements('runtime.txt'):
        if requirement.split('>')[0] in ('ftfy', 'regex'):
            continue  # imported by mmseg.utils, not by us
        module = modules[requirement.split('>')[0]]
        assert f'import {module}' in sources or \
            f'from {module}' in sources, requirement
