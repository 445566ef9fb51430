#!/usr/bin/env python3
"""Generate the image fixtures used by test/node/*.test.ts.

Encoded with Pillow (an encoder independent of the pngjs / jpeg-js decoders the node
adapter uses); a few files whose byte layout matters (16-bit RGB, a header declaring a huge
size, truncated files) are written or patched by hand below.

Run from the repository root:  /usr/bin/python3 scripts/gen-image-fixtures.py
Output: test/fixtures/images/ (every file a few KB at most).

The pixel formulas here are repeated in test/node/fixturePixels.ts; keep them in sync.
"""
import json
import os
import struct
import zlib

from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'images')
os.makedirs(OUT, exist_ok=True)


def path(name):
    return os.path.join(OUT, name)


def rgb_gradient(x, y):
    """8x6 RGB gradient: exact values checked by the PNG tests."""
    return (x * 32, y * 50, 255 - x * 30 - y * 5)


def png_chunk(kind, data):
    body = kind + data
    return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)


def write_png_by_hand(file, width, height, bit_depth, color_type, rows):
    """Minimal PNG writer (filter 0 on every row) for layouts Pillow cannot write."""
    raw = b''.join(b'\x00' + row for row in rows)
    ihdr = struct.pack('>IIBBBBB', width, height, bit_depth, color_type, 0, 0, 0)
    data = (b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', ihdr)
            + png_chunk(b'IDAT', zlib.compress(raw, 9)) + png_chunk(b'IEND', b''))
    with open(file, 'wb') as f:
        f.write(data)


# 1. RGB, 8 bits, 8x6 gradient.
img = Image.new('RGB', (8, 6))
img.putdata([rgb_gradient(x, y) for y in range(6) for x in range(8)])
img.save(path('rgb-8x6.png'))

# A copy with a misleading extension: the format is detected from the bytes.
with open(path('rgb-8x6.png'), 'rb') as f:
    rgb_png_bytes = f.read()
with open(path('png-named.jpg'), 'wb') as f:
    f.write(rgb_png_bytes)

# 2. Greyscale, 8 bits, 5x4: value = 50x + 10y.
img = Image.new('L', (5, 4))
img.putdata([50 * x + 10 * y for y in range(4) for x in range(5)])
img.save(path('grey-5x4.png'))

# 3. Grey + alpha, 3x2: value = 40x + 100y, alpha = 255 - 80x.
img = Image.new('LA', (3, 2))
img.putdata([(40 * x + 100 * y, 255 - 80 * x) for y in range(2) for x in range(3)])
img.save(path('grey-alpha-3x2.png'))

# 4. RGBA, 4x3, with fully transparent pixels that still carry colour (alpha is dropped, the
#    colour is kept as stored, not premultiplied).
img = Image.new('RGBA', (4, 3))
img.putdata([(10 + 60 * x, 20 + 70 * y, 200 - 40 * x, [0, 64, 128, 255][x]) for y in range(3) for x in range(4)])
img.save(path('rgba-4x3.png'))

# 5. Palette, 6x2, 2-bit indices, with a tRNS entry making colour 0 transparent.
palette = [(255, 0, 0), (0, 128, 255), (12, 34, 56), (250, 250, 250)]
img = Image.new('P', (6, 2))
img.putpalette([c for rgb in palette for c in rgb])
img.putdata([(x + 2 * y) % 4 for y in range(2) for x in range(6)])
img.save(path('palette-6x2.png'), bits=2, transparency=0)

# 6. RGB with a tRNS colour key: the keyed colour (12, 34, 56) must come back unchanged.
img = Image.new('RGB', (3, 2))
img.putdata([(12, 34, 56), (200, 100, 50), (12, 34, 56), (1, 2, 3), (12, 34, 56), (255, 255, 255)])
img.save(path('rgb-trns-3x2.png'), transparency=(12, 34, 56))

# 7. Greyscale, 16 bits, 4x3: value = 257 * (20x + 60y), i.e. exactly 20x + 60y in 8 bits.
img = Image.new('I;16', (4, 3))
img.putdata([257 * (20 * x + 60 * y) for y in range(3) for x in range(4)])
img.save(path('grey16-4x3.png'))

# 8. RGB, 16 bits, 3x2 (written by hand): channel c of pixel (x, y) = 257 * v with
#    v = (30x + 7, 90y + 11, 255 - 40x - 50y); one sample is not a multiple of 257 to pin the
#    rounding rule round(v16 * 255 / 65535): 0x1234 = 4660 -> 18.13 -> 18.
rows = []
for y in range(2):
    row = b''
    for x in range(3):
        v = [257 * (30 * x + 7), 257 * (90 * y + 11), 257 * (255 - 40 * x - 50 * y)]
        if x == 2 and y == 1:
            v[0] = 0x1234
        row += struct.pack('>HHH', *v)
    rows.append(row)
write_png_by_hand(path('rgb16-3x2.png'), 3, 2, 16, 2, rows)


# 9. JPEGs of a smooth 16x12 picture, quality 95. The pixels Pillow (libjpeg) decodes are stored
#    next to each file as JSON. Baseline and progressive use 4:4:4 sampling, where decoders differ
#    only by IDCT rounding (a few levels). A 4:2:0 copy is kept too: there libjpeg interpolates
#    the chroma planes ("fancy upsampling") while jpeg-js replicates them, a larger, legitimate
#    difference that its test bounds separately. Plus a greyscale (one component) JPEG.
def smooth(x, y):
    return (int(40 + 10 * x + 3 * y), int(200 - 6 * x - 8 * y), int(90 + 5 * x + 7 * y))


img = Image.new('RGB', (16, 12))
img.putdata([smooth(x, y) for y in range(12) for x in range(16)])


def save_jpeg_with_reference(image, name, **kwargs):
    image.save(path(name), quality=95, **kwargs)
    decoded = Image.open(path(name)).convert('RGB')
    ref = {
        'width': decoded.width,
        'height': decoded.height,
        'decoder': 'Pillow ' + Image.__version__ + ' (libjpeg), converted to RGB',
        'pixels': [c for px in decoded.getdata() for c in px],
    }
    with open(path(name.rsplit('.', 1)[0] + '.json'), 'w') as f:
        json.dump(ref, f)


save_jpeg_with_reference(img, 'baseline-16x12.jpg', subsampling=0)
save_jpeg_with_reference(img, 'progressive-16x12.jpg', subsampling=0, progressive=True)
save_jpeg_with_reference(img, 'baseline-420-16x12.jpg', subsampling=2)
grey = Image.new('L', (8, 8))
grey.putdata([20 + 25 * x + 3 * y for y in range(8) for x in range(8)])
save_jpeg_with_reference(grey, 'grey-8x8.jpg')

# 10. Truncated files: the first half of a valid file.
with open(path('truncated.png'), 'wb') as f:
    f.write(rgb_png_bytes[: len(rgb_png_bytes) // 2])
with open(path('baseline-16x12.jpg'), 'rb') as f:
    jpeg_bytes = f.read()
with open(path('truncated.jpg'), 'wb') as f:
    f.write(jpeg_bytes[: len(jpeg_bytes) // 2])

# 11. A PNG whose header declares 100000x100000 pixels (and no pixel data at all).
ihdr = struct.pack('>IIBBBBB', 100000, 100000, 8, 2, 0, 0, 0)
with open(path('huge-header.png'), 'wb') as f:
    f.write(b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', ihdr) + png_chunk(b'IEND', b''))

# 12. A JPEG whose SOF0 declares 60000x50000 pixels: the baseline file with its frame header
#     patched (the scan data no longer matches; it must be refused before decoding).
sof = jpeg_bytes.index(b'\xff\xc0')
patched = bytearray(jpeg_bytes)
struct.pack_into('>HH', patched, sof + 5, 50000, 60000)  # height, width
with open(path('huge-header.jpg'), 'wb') as f:
    f.write(bytes(patched))

# 13. Not images: plain text, text named .png, and a GIF (a real image, unsupported format).
with open(path('not-an-image.txt'), 'w') as f:
    f.write('hello, this is not an image\n')
with open(path('text-named.png'), 'w') as f:
    f.write('plain text pretending to be a PNG\n')
img = Image.new('P', (2, 2))
img.putpalette([0, 0, 0, 255, 255, 255])
img.putdata([0, 1, 1, 0])
img.save(path('tiny.gif'))
# An empty file.
open(path('empty.png'), 'wb').close()

print('wrote', sorted(os.listdir(OUT)))
