import logging
import os
import os.path as osp
import shutil

import pytest
from mmengine.logging import MMLogger

from mars_mm.datasets import MSLSurfaceDataset
from mars_mm.datasets.transforms import CorruptImageError

SPLIT_FILES = dict(
    train='train-calibrated-shuffled.txt',
    val='val-calibrated-shuffled.txt',
    test='test-calibrated-shuffled.txt')


def read_split(root: str, split: str) -> list:
    with open(osp.join(root, SPLIT_FILES[split])) as f:
        return [line.split() for line in f if line.strip()]


@pytest.fixture
def msl_copy(demo_data_root, tmp_path) -> str:
    """A private copy of the demo MSL tree that a test may break."""
    root = str(tmp_path / 'msl-images')
    shutil.copytree(demo_data_root['msl'], root)
    return root


def test_classes_map_raw_ids_without_sun(demo_data_root):
    root = demo_data_root['msl']
    dataset = MSLSurfaceDataset(root, split='train', lazy_init=True)
    with open(osp.join(root, 'msl_synset_words-indexed.txt')) as f:
        synset = dict(line.strip().split(' ', 1) for line in f)
    classes = dataset.metainfo['classes']
    assert len(classes) == 24
    assert 'sun' not in classes
    assert len(synset) == 25
    # Contiguous labels follow the synset order with raw id 22 left out.
    expected_raw = [i for i in range(25) if synset[str(i)] != 'sun']
    assert list(dataset.metainfo['raw_ids']) == expected_raw
    assert dataset.raw_to_label[23] == 22
    assert dataset.raw_to_label[21] == 21
    assert 22 not in dataset.raw_to_label
    assert [synset[str(r)] for r in expected_raw] == list(classes)


def test_samples_follow_split_file(demo_data_root):
    root = demo_data_root['msl']
    dataset = MSLSurfaceDataset(root, split='test')
    lines = read_split(root, 'test')
    assert len(dataset) == len(lines)
    by_path = {osp.join(root, path): int(raw) for path, raw in lines}
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        raw = by_path[info['img_path']]
        assert info['raw_label'] == raw
        assert dataset.metainfo['raw_ids'][info['gt_label']] == raw
        assert info['sol'] == int(osp.basename(info['img_path'])[:4])
    # Test images are the later sols (565-1060) of the release.
    assert min(dataset.get_data_info(i)['sol']
               for i in range(len(dataset))) >= 565


def test_trainval_is_train_plus_val(demo_data_root):
    root = demo_data_root['msl']
    trainval = MSLSurfaceDataset(root, split='trainval')
    assert len(trainval) == (len(read_split(root, 'train')) +
                             len(read_split(root, 'val')))


def test_reshuffle_is_deterministic_and_disjoint(demo_data_root):
    root = demo_data_root['msl']

    def paths(split, seed):
        ds = MSLSurfaceDataset(root, split=split, reshuffle_seed=seed)
        return [ds.get_data_info(i)['img_path'] for i in range(len(ds))]

    train0, val0 = paths('train', 0), paths('val', 0)
    assert train0 == paths('train', 0)
    assert val0 == paths('val', 0)
    assert not set(train0) & set(val0)
    pool = {osp.join(root, p) for p, _ in read_split(root, 'train') +
            read_split(root, 'val')}
    assert set(train0) | set(val0) == pool
    assert len(val0) == round(len(pool) * 1640 / 5386)
    # Another seed draws another validation set; the release's own val
    # split is not what a seed gives.
    assert set(paths('val', 1)) != set(val0)
    release_val = {osp.join(root, p) for p, _ in read_split(root, 'val')}
    assert set(val0) != release_val
    # Test is never reshuffled.
    assert paths('test', 0) == paths('test', None)


def test_missing_split_file_names_it(msl_copy):
    missing = osp.join(msl_copy, SPLIT_FILES['val'])
    shutil.move(missing, missing + '.bak')
    with pytest.raises(FileNotFoundError, match='val-calibrated-shuffled'):
        MSLSurfaceDataset(msl_copy, split='val')


def test_missing_synset_file_names_it(tmp_path, msl_copy):
    synset = osp.join(msl_copy, 'msl_synset_words-indexed.txt')
    shutil.move(synset, str(tmp_path / 'elsewhere.txt'))
    with pytest.raises(FileNotFoundError,
                       match='msl_synset_words-indexed.txt'):
        MSLSurfaceDataset(msl_copy, split='train')


def test_unknown_class_id_names_file_and_line(msl_copy):
    path = osp.join(msl_copy, SPLIT_FILES['train'])
    with open(path) as f:
        lines = f.readlines()
    name = lines[2].split()[0]
    lines[2] = f'{name} 31\n'
    with open(path, 'w') as f:
        f.writelines(lines)
    with pytest.raises(ValueError, match=r'train-calibrated-shuffled.txt:3: '
                       r'class id 31 is not in the synset'):
        MSLSurfaceDataset(msl_copy, split='train')


def test_image_of_excluded_class_is_an_error(msl_copy):
    path = osp.join(msl_copy, SPLIT_FILES['test'])
    with open(path) as f:
        lines = f.readlines()
    lines[0] = f'{lines[0].split()[0]} 22\n'
    with open(path, 'w') as f:
        f.writelines(lines)
    with pytest.raises(ValueError, match=r':1: class id 22 is excluded'):
        MSLSurfaceDataset(msl_copy, split='test')


def test_missing_image_and_malformed_line(msl_copy):
    path = osp.join(msl_copy, SPLIT_FILES['val'])
    with open(path) as f:
        lines = f.readlines()
    with open(path, 'w') as f:
        f.writelines(lines[:1] + ['calibrated/0100ML_gone.JPG 3\n'])
    with pytest.raises(FileNotFoundError, match=r':2: image .*0100ML_gone'):
        MSLSurfaceDataset(msl_copy, split='val')
    with open(path, 'w') as f:
        f.writelines(['calibrated/0100ML_gone.JPG\n'])
    with pytest.raises(ValueError, match=r':1: expected'):
        MSLSurfaceDataset(msl_copy, split='val')


def test_invalid_split_name():
    with pytest.raises(ValueError, match='split must be one of'):
        MSLSurfaceDataset('anywhere', split='training')


def test_line_listed_twice_names_file_and_both_lines(msl_copy):
    """Guards issue 12, bug 2: a duplicated line of a split file used to be
    read twice (and, after the re-split, could land in train and val)."""
    path = osp.join(msl_copy, SPLIT_FILES['train'])
    with open(path) as f:
        lines = f.readlines()
    with open(path, 'w') as f:
        f.writelines(lines[:3] + [lines[1]] + lines[3:])
    for kwargs in (dict(split='train'), dict(split='val', reshuffle_seed=0)):
        with pytest.raises(ValueError, match=r'train-calibrated-shuffled.txt'
                           r':2 and :4\): remove one line'):
            MSLSurfaceDataset(msl_copy, **kwargs)


def test_image_in_train_and_val_files_is_an_error(msl_copy):
    """Guards issue 12, bug 2: the same image in the train and the val file
    (before the re-split) is refused, naming both files and lines, whichever
    split is read."""
    train = osp.join(msl_copy, SPLIT_FILES['train'])
    with open(train) as f:
        first = f.readline()
    val = osp.join(msl_copy, SPLIT_FILES['val'])
    with open(val) as f:
        lines = f.readlines()
    with open(val, 'w') as f:
        f.writelines(lines[:1] + [first] + lines[1:])
    for kwargs in (dict(split='train'), dict(split='val'),
                   dict(split='train', reshuffle_seed=0)):
        with pytest.raises(ValueError, match=r'train-calibrated-shuffled.txt'
                           r':1 and .*val-calibrated-shuffled.txt:2'):
            MSLSurfaceDataset(msl_copy, **kwargs)


def test_line_outside_data_root_is_refused_unless_allowed(msl_copy):
    """Guards issue 12, weak 7: a split line that resolves outside data_root
    (``../``) used to be read silently."""
    outside = osp.join(osp.dirname(msl_copy), 'elsewhere')
    path = osp.join(msl_copy, SPLIT_FILES['train'])
    with open(path) as f:
        lines = f.readlines()
    image, label = lines[0].split()
    os.makedirs(outside)
    shutil.copy(osp.join(msl_copy, image),
                osp.join(outside, osp.basename(image)))
    lines[0] = f'../elsewhere/{osp.basename(image)} {label}\n'
    with open(path, 'w') as f:
        f.writelines(lines)
    with pytest.raises(ValueError, match=r'train-calibrated-shuffled.txt:1: '
                       r'\.\./elsewhere/.* resolves outside data_root'):
        MSLSurfaceDataset(msl_copy, split='train')
    dataset = MSLSurfaceDataset(
        msl_copy, split='train', allow_outside_data_root=True)
    assert osp.normpath(dataset.get_data_info(0)['img_path']) == osp.join(
        outside, osp.basename(image))


def test_class_without_images_is_named_in_a_warning(msl_copy):
    """Guards issue 12, weak 6: a class with no training image used to
    train silently (INFO "23 classes present")."""
    dataset = MSLSurfaceDataset(msl_copy, split='train', lazy_init=True)
    gone = dataset.metainfo['classes'][5]
    raw_id = dataset.metainfo['raw_ids'][5]
    path = osp.join(msl_copy, SPLIT_FILES['train'])
    with open(path) as f:
        lines = [line for line in f if line.split()[1] != str(raw_id)]
    with open(path, 'w') as f:
        f.writelines(lines)
    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(
        (record.levelno, record.getMessage()))
    logger = MMLogger.get_current_instance()
    logger.addHandler(handler)
    try:
        MSLSurfaceDataset(msl_copy, split='train')
    finally:
        logger.removeHandler(handler)
    assert (logging.WARNING, f'MSLSurfaceDataset train: no image of '
            f'class(es) {gone} (their scores are never trained or evaluated; '
            'exclude_classes leaves a class out)') in messages


def test_empty_image_of_the_test_split_names_the_file(msl_copy):
    """Guards issue 12, bug 3: a zero-byte image of val/test stopped in the
    stock LoadImageFromFile of the test pipelines with cv2's
    ``!buf.empty()``, naming no file."""
    image = read_split(msl_copy, 'test')[1][0]
    open(osp.join(msl_copy, image), 'wb').close()
    with pytest.raises(CorruptImageError,
                       match=rf'test-calibrated-shuffled.txt:2: .*'
                       rf'{osp.basename(image)}: empty image file'):
        MSLSurfaceDataset(
            msl_copy, split='test',
            pipeline=[dict(type='LoadImageFromFile')])
