#!/usr/bin/env python3
"""Generate test/fixtures/resize.json: reference bilinear resizes of small float32 maps.

Run with Debian's interpreter (apt-get install -y python3-opencv python3-numpy python3-scipy):

    /usr/bin/python3 scripts/gen-resize-fixture.py

Cases
  halfPixel     cv2.resize(src, (W, H), interpolation=cv2.INTER_LINEAR)   (what pytorch-grad-cam does)
  alignCorners  scipy.ndimage.zoom(src, (H/h, W/w), order=1)              (grid_mode=False: corner-aligned)
"""
import json
import os

import cv2
import numpy as np
import scipy
from scipy import ndimage

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'resize.json')


def case(name, src, size, kind):
    h_out, w_out = size
    if kind == 'halfPixel':
        dst = cv2.resize(src, (w_out, h_out), interpolation=cv2.INTER_LINEAR)
    else:
        dst = ndimage.zoom(src, (h_out / src.shape[0], w_out / src.shape[1]), order=1)
    dst = dst.astype(np.float32)
    assert dst.shape == (h_out, w_out), (name, dst.shape)
    return {
        'name': name,
        'kind': kind,
        'inShape': list(src.shape),
        'outShape': [h_out, w_out],
        'input': [float(v) for v in src.reshape(-1)],
        'output': [float(v) for v in dst.reshape(-1)],
    }


def main():
    rng = np.random.default_rng(20240607)
    a = rng.random((7, 7), dtype=np.float32)
    b = (rng.random((9, 11), dtype=np.float32) * 4 - 2).astype(np.float32)
    cases = [
        case('7x7 -> 20x23 (upsample)', a, (20, 23), 'halfPixel'),
        case('9x11 -> 5x4 (downsample)', b, (5, 4), 'halfPixel'),
        case('7x7 -> 20x23 (upsample)', a, (20, 23), 'alignCorners'),
    ]
    meta = f'OpenCV {cv2.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__}; float32 maps, row-major'
    with open(OUT, 'w') as fh:
        fh.write('{\n "source": ' + json.dumps(meta) + ',\n "cases": [\n')
        fh.write(',\n'.join('  ' + json.dumps(c) for c in cases))
        fh.write('\n ]\n}\n')


if __name__ == '__main__':
    main()
