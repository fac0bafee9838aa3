"""Write small, valid NASA PDS image products (for tests and demos).

PDS3: a fixed-length-record ``.IMG`` with the ODL label attached (the label
padded to whole records, ``^IMAGE`` pointing at the first image record) or
detached in a ``.LBL`` beside it. PDS4: an ``.xml`` label
(``Product_Observational`` with an ``Array_2D_Image`` or ``Array_3D_Image``)
and its raw data file. Samples are big-endian unsigned integers (``uint8`` or
``uint16``), bands stored band-sequential, as in the MSL archives.
"""
import os.path as osp
from typing import Optional

import numpy as np


def _as_bands(image: np.ndarray) -> np.ndarray:
    """(bands, lines, samples) from (H, W) or (H, W, C)."""
    return image[None] if image.ndim == 2 else image.transpose(2, 0, 1)


def _sample_type(image: np.ndarray) -> np.dtype:
    if image.dtype not in (np.uint8, np.uint16):
        raise TypeError(f'uint8 or uint16 samples, got {image.dtype}')
    return np.dtype('>u2' if image.dtype == np.uint16 else 'u1')


def write_pds3_image(path: str,
                     image: np.ndarray,
                     attached: bool = True,
                     bit_mask_bits: Optional[int] = None) -> str:
    """Write a PDS3 image product.

    Args:
        path (str): The ``.IMG`` file to write.
        image (np.ndarray): ``(H, W)`` or ``(H, W, C)``, uint8 or uint16.
        attached (bool): Label at the start of the ``.IMG`` (True) or in a
            ``.LBL`` of the same name (False).
        bit_mask_bits (int, optional): Write ``SAMPLE_BIT_MASK`` with this
            many low bits set (e.g. 12 for 12-bit data in 16-bit samples).

    Returns:
        str: The path of the label (the ``.IMG`` itself when attached).
    """
    dtype = _sample_type(image)
    bands = _as_bands(image).astype(dtype)
    n_bands, lines, samples = bands.shape
    record_bytes = samples * dtype.itemsize
    body = bands.tobytes()
    image_records = n_bands * lines

    def label(label_records: int) -> str:
        if attached:
            head = [f'LABEL_RECORDS = {label_records}',
                    f'^IMAGE = {label_records + 1}']
            file_records = label_records + image_records
        else:
            head = [f'^IMAGE = "{osp.basename(path)}"']
            file_records = image_records
        mask = ([f'  SAMPLE_BIT_MASK = 2#{"1" * bit_mask_bits:0>16}#']
                if bit_mask_bits else [])
        lines_ = [
            'PDS_VERSION_ID = PDS3', 'RECORD_TYPE = FIXED_LENGTH',
            f'RECORD_BYTES = {record_bytes}',
            f'FILE_RECORDS = {file_records}'
        ] + head + [
            'OBJECT = IMAGE', f'  LINES = {lines}',
            f'  LINE_SAMPLES = {samples}',
            '  SAMPLE_TYPE = ' + ('MSB_UNSIGNED_INTEGER' if dtype.itemsize == 2
                                  else 'UNSIGNED_INTEGER'),
            f'  SAMPLE_BITS = {dtype.itemsize * 8}'
        ] + mask + [
            f'  BANDS = {n_bands}', '  BAND_STORAGE_TYPE = BAND_SEQUENTIAL',
            'END_OBJECT = IMAGE', 'END'
        ]
        return '\r\n'.join(lines_) + '\r\n'

    if not attached:
        with open(path, 'wb') as f:
            f.write(body)
        label_path = osp.splitext(path)[0] + '.LBL'
        with open(label_path, 'w', newline='') as f:
            f.write(label(0))
        return label_path
    label_records = 1
    while len(label(label_records)) > label_records * record_bytes:
        label_records += 1
    text = label(label_records).encode('ascii')
    with open(path, 'wb') as f:
        f.write(text.ljust(label_records * record_bytes, b' ') + body)
    return path


def write_pds4_image(label_path: str, image: np.ndarray,
                     data_name: Optional[str] = None) -> str:
    """Write a PDS4 image product: an ``.xml`` label and its data file.

    Args:
        label_path (str): The ``.xml`` label to write.
        image (np.ndarray): ``(H, W)`` or ``(H, W, C)``, uint8 or uint16.
        data_name (str, optional): The data file's name, beside the label;
            defaults to the label's stem + ``.IMG``.

    Returns:
        str: The path of the data file.
    """
    dtype = _sample_type(image)
    bands = _as_bands(image).astype(dtype)
    data_name = data_name or osp.splitext(osp.basename(label_path))[0] + '.IMG'
    data_path = osp.join(osp.dirname(label_path), data_name)
    with open(data_path, 'wb') as f:
        f.write(bands.tobytes())
    data_type = 'UnsignedMSB2' if dtype.itemsize == 2 else 'UnsignedByte'
    names = ['Line', 'Sample'] if image.ndim == 2 else ['Band', 'Line',
                                                        'Sample']
    sizes = bands.shape[1:] if image.ndim == 2 else bands.shape
    axes = ''.join(
        f'        <Axis_Array>\n'
        f'          <axis_name>{name}</axis_name>\n'
        f'          <elements>{size}</elements>\n'
        f'          <sequence_number>{i}</sequence_number>\n'
        f'        </Axis_Array>\n'
        for i, (name, size) in enumerate(zip(names, sizes), 1))
    array = 'Array_2D_Image' if image.ndim == 2 else 'Array_3D_Image'
    stem = osp.splitext(osp.basename(label_path))[0].lower()
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<Product_Observational xmlns="http://pds.nasa.gov/pds4/pds/v1">
  <Identification_Area>
    <logical_identifier>urn:nasa:pds:mars_mm:data:{stem}</logical_identifier>
    <version_id>1.0</version_id>
    <title>{stem}</title>
    <information_model_version>1.15.0.0</information_model_version>
    <product_class>Product_Observational</product_class>
  </Identification_Area>
  <File_Area_Observational>
    <File>
      <file_name>{data_name}</file_name>
    </File>
      <{array}>
        <local_identifier>IMAGE</local_identifier>
        <offset unit="byte">0</offset>
        <axes>{len(names)}</axes>
        <axis_index_order>Last Index Fastest</axis_index_order>
        <Element_Array>
          <data_type>{data_type}</data_type>
        </Element_Array>
{axes}      </{array}>
  </File_Area_Observational>
</Product_Observational>
"""
    with open(label_path, 'w') as f:
        f.write(text)
    return data_path
