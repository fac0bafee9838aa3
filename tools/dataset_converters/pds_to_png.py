"""Convert NASA PDS image products to PNG or JPEG.

    python tools/dataset_converters/pds_to_png.py INPUT --out-dir DIR
        [--format png|jpg] [--scaling bits|percentile] [--bit-depth B]

INPUT is a product (a PDS3 ``.IMG`` with an attached or detached ``.LBL``
label, a ``.LBL``, or a PDS4 ``.xml`` label) or a folder searched
recursively, each product once (``UnlabeledImageDataset``'s listing). Each
product is read with ``pdr`` and scaled to 8 bits as
:mod:`mars_mm.datasets.pds` documents (``bits``: samples shifted right by
bit depth - 8, the bit depth from ``--bit-depth``, the PDS3
``SAMPLE_BIT_MASK``, else the sample type: 12-bit ``>> 4``, 16-bit ``>> 8``;
``percentile``: a 0.5-99.5% stretch per image). Outputs mirror the input
tree under ``--out-dir`` (``sol0100/X.IMG`` -> ``DIR/sol0100/X.png``); grey
products stay single-channel. Unreadable products are reported and counted;
the exit status is 1 when any was.
"""
import argparse
import os
import os.path as osp
import sys
from typing import List

import mmcv

from mars_mm.datasets.pds import (SCALINGS, PDSImageError, is_pds_product,
                                  read_pds_image)
from mars_mm.datasets.unlabeled_image_dataset import (IMAGE_SUFFIXES,
                                                      list_image_files)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='PDS products to PNG/JPEG')
    parser.add_argument('input', help='a PDS product or a folder of them')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--format', choices=('png', 'jpg'), default='png')
    parser.add_argument('--scaling', choices=SCALINGS, default='bits')
    parser.add_argument('--bit-depth', type=int, default=None)
    return parser.parse_args(argv)


def list_products(source: str) -> List[str]:
    """The PDS products of a file or folder tree, sorted."""
    if osp.isfile(source):
        if not is_pds_product(source):
            raise SystemExit(f'{source}: not a PDS product (.IMG, .LBL or '
                             'PDS4 .xml)')
        return [source]
    if not osp.isdir(source):
        raise SystemExit(f'{source}: no such file or folder')
    products = []
    for folder, _, names in os.walk(source):
        products += [
            p for p in list_image_files(names, folder)
            if not p.lower().endswith(IMAGE_SUFFIXES)
        ]
    return sorted(products)


def main(argv=None) -> int:
    args = parse_args(argv)
    products = list_products(args.input)
    root = args.input if osp.isdir(args.input) else osp.dirname(args.input)
    failed = 0
    for path in products:
        try:
            img = read_pds_image(path, args.scaling, args.bit_depth)
        except PDSImageError as error:
            print(f'skipped: {error}')
            failed += 1
            continue
        if (img[..., 0] == img[..., 1]).all() and (img[..., 0]
                                                   == img[..., 2]).all():
            img = img[..., 0]  # a grey product
        rel = osp.splitext(osp.relpath(path, root))[0]
        out = osp.join(args.out_dir, f'{rel}.{args.format}')
        mmcv.imwrite(img, out)  # creates the folders
    print(f'{len(products) - failed} of {len(products)} products written '
          f'under {args.out_dir}; {failed} unreadable')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
