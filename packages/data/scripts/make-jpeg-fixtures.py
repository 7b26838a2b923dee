"""JPEG files written by Pillow/libjpeg and the pixels libjpeg decodes from them, for the decoder
tests. Run: python3 scripts/make-jpeg-fixtures.py > src/__tests__/fixtures/pil-jpeg.json"""
import base64
import io
import json

import numpy as np
import PIL
from PIL import Image

out = {"pillow": PIL.__version__, "images": []}
h, w = 12, 20
yy, xx = np.mgrid[0:h, 0:w]
rgb = np.stack([(xx * 12) % 256, (yy * 20) % 256, ((xx + yy) * 7) % 256], axis=-1).astype(np.uint8)
for mode, arr, kw in [("RGB", rgb, {"quality": 95, "subsampling": 0}), ("RGB", rgb, {"quality": 80}),
                      ("L", rgb[:, :, 0], {"quality": 90}), ("RGB", rgb, {"quality": 90, "progressive": True})]:
    buf = io.BytesIO()
    Image.fromarray(arr, mode).save(buf, "JPEG", **kw)
    data = buf.getvalue()
    dec = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    out["images"].append({"mode": mode, "options": kw, "width": w, "height": h,
                          "jpeg": base64.b64encode(data).decode(), "rgb": dec.reshape(-1).tolist()})
print(json.dumps(out))
