import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataFormatError, DatasetNotFoundError, DataOptionError } from "../errors.js";
import { decodeImage } from "../image-decode.js";
import { type EvalTransformOptions, imagenetEvalTransform } from "../transforms.js";

/** Image file endings accepted by default (case-insensitive), like torchvision's IMG_EXTENSIONS subset we can decode. */
export const IMAGE_EXTENSIONS: readonly string[] = [".jpg", ".jpeg", ".png"];

export interface ImageFolderIndex {
  root: string;
  /** Sorted class folder names; the index in this list is the label. */
  classNames: string[];
  /** Every image, class by class, each class's files sorted by path. */
  samples: { path: string; label: number }[];
}

/**
 * Indexes an ImageNet-style tree `root/<class>/<...>/<image>.{jpg,jpeg,png}` like torchvision's
 * ImageFolder: class folders sorted by name (code point order) → label 0..C-1, files found
 * recursively and sorted. Folders starting with "." are skipped (e.g. .git), unlike torchvision.
 */
export function scanImageFolder(root: string, extensions: readonly string[] = IMAGE_EXTENSIONS): ImageFolderIndex {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new DatasetNotFoundError(
      `image folder ${root} does not exist or is not a directory; pass the folder that holds one sub-folder per class (root/<class>/<image>.jpg), e.g. --data-dir /path/to/imagenet/val`,
    );
  }
  const classNames = readdirSync(root, { withFileTypes: true })
    .filter((e) => isDir(root, e) && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort(byCodePoint);
  if (classNames.length === 0) {
    throw new DataFormatError(`${root}: found no class folders; expected root/<class>/<image>.{${extensions.join(",")}}`);
  }
  const exts = extensions.map((e) => e.toLowerCase());
  const samples: ImageFolderIndex["samples"] = [];
  const empty: string[] = [];
  classNames.forEach((name, label) => {
    const files = walk(join(root, name))
      .filter((p) => exts.some((e) => p.toLowerCase().endsWith(e)))
      .sort(byCodePoint);
    if (files.length === 0) empty.push(name);
    for (const path of files) samples.push({ path, label });
  });
  if (empty.length > 0) {
    throw new DataFormatError(
      `${root}: class folder(s) ${empty.slice(0, 5).join(", ")}${empty.length > 5 ? ", …" : ""} hold no ${extensions.join("/")} files; add images or remove the empty folders (labels depend on the folder list)`,
    );
  }
  return { root, classNames, samples };
}

function isDir(dir: string, e: { name: string; isDirectory(): boolean; isSymbolicLink(): boolean }): boolean {
  return e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isDirectory());
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (isDir(dir, e)) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An image-classification dataset over a class-folder tree, decoded lazily and transformed
 * with timm's eval transform (`imagenetEvalTransform`), channels-first 3×size×size.
 */
export class ImageFolderDataset {
  readonly index: ImageFolderIndex;
  readonly transform: EvalTransformOptions;

  constructor(root: string, options: EvalTransformOptions & { extensions?: readonly string[] } = {}) {
    const { extensions, ...transform } = options;
    this.index = scanImageFolder(root, extensions);
    this.transform = transform;
  }

  get length(): number {
    return this.index.samples.length;
  }

  get classNames(): string[] {
    return this.index.classNames;
  }

  /** Decodes and transforms sample `i`. */
  get(i: number): { image: Float32Array; label: number; path: string } {
    const s = this.index.samples[i];
    if (s === undefined) throw new DataOptionError(`sample index ${i} is outside 0..${this.length - 1}`);
    const image = imagenetEvalTransform(decodeImage(readFileSync(s.path), s.path), this.transform);
    return { image, label: s.label, path: s.path };
  }

  /** Stacks samples `indices` into one N×3×size×size batch. */
  batch(indices: ArrayLike<number>): { images: Float32Array; labels: Int32Array } {
    const labels = new Int32Array(indices.length);
    let images = new Float32Array(0);
    for (let k = 0; k < indices.length; k++) {
      const { image, label } = this.get(indices[k]);
      if (k === 0) images = new Float32Array(indices.length * image.length);
      images.set(image, k * image.length);
      labels[k] = label;
    }
    return { images, labels };
  }
}
