#!/usr/bin/env python3
"""Generate test/fixtures/overlay.json: OpenCV reference for colouring and blending a heatmap.

Run with Debian's interpreter (apt-get install -y python3-opencv python3-numpy):

    /usr/bin/python3 scripts/gen-overlay-fixture.py

For a random RGB uint8 image and a float32 map in [0, 1] (with 0, 0.5 and 1 included):
  heat  = cv2.applyColorMap(np.uint8(255 * mask), cv2.COLORMAP_JET), BGR converted to RGB
  blend = cv2.addWeighted(image, 1 - alpha, heat, alpha, 0) for each alpha
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'overlay.json')
ALPHAS = [0.5, 0.3]


def main():
    rng = np.random.default_rng(7)
    h, w = 8, 9
    image = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    mask = rng.random((h, w), dtype=np.float32)
    mask[0, :3] = [0.0, 0.5, 1.0]
    heat = cv2.applyColorMap(np.uint8(255 * mask), cv2.COLORMAP_JET)[:, :, ::-1].copy()
    blends = {str(a): cv2.addWeighted(image, 1 - a, heat, a, 0).reshape(-1).tolist() for a in ALPHAS}
    data = {
        'source': f'OpenCV {cv2.__version__}: applyColorMap(np.uint8(255 * mask), COLORMAP_JET) -> RGB; '
                  'addWeighted(image, 1 - alpha, heat, alpha, 0)',
        'shape': [h, w],
        'image': image.reshape(-1).tolist(),
        'mask': [float(v) for v in mask.reshape(-1)],
        'heat': heat.reshape(-1).tolist(),
        'blends': blends,
    }
    with open(OUT, 'w') as fh:
        fh.write('{\n' + ',\n'.join(f' {json.dumps(k)}: {json.dumps(v)}' for k, v in data.items()) + '\n}\n')


if __name__ == '__main__':
    main()
