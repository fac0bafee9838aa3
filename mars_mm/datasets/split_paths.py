"""Checks of the image paths that split files list."""
import os.path as osp


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` lies in ``folder`` once ``..`` are resolved
    (symbolic links are not followed: data folders are often links)."""
    folder = osp.abspath(folder)
    return osp.commonpath([osp.abspath(path), folder]) == folder
