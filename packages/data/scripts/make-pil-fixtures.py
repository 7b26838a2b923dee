"""Reference outputs from Pillow (BICUBIC resize) and numpy float32 (ToTensor + Normalize) for the
transform tests. Run with a Python that has Pillow and numpy:
    python3 scripts/make-pil-fixtures.py > src/__tests__/fixtures/pil-bicubic.json
Pillow's version is recorded in the output."""
import json
import math

import numpy as np
import PIL
from PIL import Image


def pattern(w, h):
    # Same formula as src/__tests__/transforms.test.ts: busy enough to exercise negative lobes.
    a = np.zeros((h, w, 3), dtype=np.uint8)
    for y in range(h):
        for x in range(w):
            for c in range(3):
                a[y, x, c] = (y * 53 + x * 97 + c * 31 + ((x * y) % 17) * 13) % 256
    return a


out = {"pillow": PIL.__version__, "resize": [], "eval": []}
src = pattern(11, 7)
for (w, h) in [(5, 3), (23, 17), (11, 4), (4, 7), (2, 2), (1, 1)]:
    r = np.asarray(Image.fromarray(src).resize((w, h), Image.BICUBIC))
    out["resize"].append({"from": [11, 7], "to": [w, h], "data": r.reshape(-1).tolist()})

mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
for (w, h, size, crop_pct) in [(13, 9, 4, 0.5), (9, 13, 5, 0.875), (20, 20, 6, 1.0), (31, 18, 8, 0.875)]:
    img = Image.fromarray(pattern(w, h))
    scale = math.floor(size / crop_pct)
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = scale, int(scale * long / short)
    nw, nh = (new_short, new_long) if w <= h else (new_long, new_short)
    if (nw, nh) != (w, h):
        img = img.resize((nw, nh), Image.BICUBIC)
    top = int(round((nh - size) / 2.0))
    left = int(round((nw - size) / 2.0))
    img = img.crop((left, top, left + size, top + size))
    x = np.asarray(img).astype(np.float32) / np.float32(255)
    x = (x - mean) / std
    chw = np.transpose(x, (2, 0, 1)).astype(np.float32)
    out["eval"].append({"from": [w, h], "size": size, "cropPct": crop_pct, "resized": [nw, nh], "crop": [left, top],
                        "data": [float(v) for v in chw.reshape(-1)]})
print(json.dumps(out))
