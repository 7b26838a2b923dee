import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { DataFormatError, DatasetNotFoundError } from "../errors.js";
import { ImageFolderDataset, scanImageFolder } from "../node/image-folder.js";
import { IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD } from "../transforms.js";

function solidPng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) png.data.set([...rgb, 255], 4 * i);
  return PNG.sync.write(png);
}

function solidJpeg(w: number, h: number, rgb: [number, number, number]): Buffer {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([...rgb, 255], 4 * i);
  return jpeg.encode({ width: w, height: h, data }, 100).data;
}

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "imgfolder-"));
  // Class names chosen so code-point order differs from locale order ("Zebra" < "apple").
  for (const c of ["apple", "Zebra", "n01440764", ".git"]) mkdirSync(join(root, c));
  writeFileSync(join(root, "apple", "b.png"), solidPng(40, 30, [255, 0, 0]));
  writeFileSync(join(root, "apple", "a.JPEG"), solidJpeg(30, 40, [0, 0, 255]));
  writeFileSync(join(root, "apple", "notes.txt"), "not an image");
  mkdirSync(join(root, "Zebra", "sub"));
  writeFileSync(join(root, "Zebra", "sub", "z.jpg"), solidJpeg(64, 64, [128, 128, 128]));
  writeFileSync(join(root, "n01440764", "x.png"), solidPng(8, 8, [0, 255, 0]));
  writeFileSync(join(root, ".git", "y.png"), solidPng(8, 8, [0, 0, 0]));
  writeFileSync(join(root, "README.txt"), "top-level files are ignored");
  return root;
}

describe("scanImageFolder / ImageFolderDataset", () => {
  it("sorts classes by code point, recurses, filters extensions case-insensitively", () => {
    const root = tree();
    const idx = scanImageFolder(root);
    expect(idx.classNames).toEqual(["Zebra", "apple", "n01440764"]);
    expect(idx.samples.map((s) => [s.path.slice(root.length + 1), s.label])).toEqual([
      ["Zebra/sub/z.jpg", 0],
      ["apple/a.JPEG", 1],
      ["apple/b.png", 1],
      ["n01440764/x.png", 2],
    ]);
  });

  it("decodes and applies the eval transform (solid colours give (c − mean)/std)", () => {
    const ds = new ImageFolderDataset(tree(), { size: 8 });
    expect(ds.length).toBe(4);
    const { images, labels } = ds.batch([2, 3]);
    expect([...labels]).toEqual([1, 2]);
    expect(images.length).toBe(2 * 3 * 64);
    const red = [1, 0, 0];
    const green = [0, 1, 0];
    for (let c = 0; c < 3; c++) {
      expect(images[c * 64 + 10]).toBeCloseTo((red[c] - IMAGENET_DEFAULT_MEAN[c]) / IMAGENET_DEFAULT_STD[c], 5);
      expect(images[192 + c * 64 + 10]).toBeCloseTo((green[c] - IMAGENET_DEFAULT_MEAN[c]) / IMAGENET_DEFAULT_STD[c], 5);
    }
    // The JPEG decodes to within a few levels of its blue source.
    const blue = ds.get(1).image;
    expect(blue[2 * 64]).toBeGreaterThan((250 / 255 - IMAGENET_DEFAULT_MEAN[2]) / IMAGENET_DEFAULT_STD[2]);
  });

  it("errors name the problem and the fix", () => {
    expect(() => scanImageFolder("/nonexistent/imgs")).toThrow(DatasetNotFoundError);
    expect(() => scanImageFolder("/nonexistent/imgs")).toThrow(/\/nonexistent\/imgs.*one sub-folder per class/);
    const empty = mkdtempSync(join(tmpdir(), "imgfolder-"));
    expect(() => scanImageFolder(empty)).toThrow(/found no class folders/);
    mkdirSync(join(empty, "cat"));
    expect(() => scanImageFolder(empty)).toThrow(DataFormatError);
    expect(() => scanImageFolder(empty)).toThrow(/cat hold no/);
    const bad = tree();
    writeFileSync(join(bad, "apple", "b.png"), "garbage");
    expect(() => new ImageFolderDataset(bad).get(2)).toThrow(/b\.png: expected a PNG/);
  });
});
