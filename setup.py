import os.path as osp

from setuptools import find_packages, setup


def parse_requirements(name: str) -> list:
    """Read a requirements file of ``requirements/``, without comments."""
    path = osp.join(osp.dirname(__file__), 'requirements', name)
    with open(path) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line]


def get_version() -> str:
    scope: dict = {}
    with open(osp.join('mars_mm', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


setup(
    name='mars_mm',
    version=get_version(),
    description='Semi-supervised learning for Mars imagery classification '
    'and segmentation (Wang et al., arXiv 2206.02180) as OpenMMLab '
    'components',
    long_description=open('README.md').read(),
    long_description_content_type='text/markdown',
    # Only the components: benchmarks/, tools/ and tests/ run from the
    # repository (python -m benchmarks..., python tools/...).
    packages=find_packages(include=('mars_mm', 'mars_mm.*')),
    python_requires='>=3.9',
    # Ranges, not pins: GPU users keep the torch build they have. The exact
    # versions we test with are in requirements/constraints.txt.
    install_requires=['torch>=2.1', 'torchvision>=0.16'] +
    parse_requirements('runtime.txt'),
    extras_require={
        # The tests run the tools too.
        'tests':
        parse_requirements('tests.txt') + parse_requirements('tools.txt'),
        'tools': parse_requirements('tools.txt'),
        'tensorboard': parse_requirements('tensorboard.txt'),
        'deploy': parse_requirements('deploy.txt'),
    },
    license='Apache License 2.0',
    zip_safe=False,
)
