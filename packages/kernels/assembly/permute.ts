// Axis permutation (a strided copy) of a dense f32 tensor: the attention head split/merge. The wrapper
// passes, per output axis, its length and the input stride (in elements) as i32s at `meta`, followed by
// n i32s of scratch for the odometer. A contiguous innermost run copies four floats at a time.

export function permute(src: usize, dst: usize, n: i32, meta: usize): void {
  if (n == 0) return;
  const dims = meta;
  const strides = meta + ((<usize>n) << 2);
  const idx = meta + ((<usize>n) << 3);
  let total: i32 = 1;
  for (let d = 0; d < n; d++) {
    total *= load<i32>(dims + ((<usize>d) << 2));
    store<i32>(idx + ((<usize>d) << 2), 0);
  }
  if (total == 0) return;
  const d1 = load<i32>(dims + ((<usize>(n - 1)) << 2));
  const s1 = load<i32>(strides + ((<usize>(n - 1)) << 2));
  const d14 = d1 & ~3;
  const outer = total / d1;
  let off: i32 = 0; // input element offset of the current run
  let o = dst;
  for (let r = 0; r < outer; r++) {
    const base = src + ((<usize>off) << 2);
    if (s1 == 1) {
      for (let j = 0; j < d14; j += 4) v128.store(o + ((<usize>j) << 2), v128.load(base + ((<usize>j) << 2)));
      for (let j = d14; j < d1; j++) store<f32>(o + ((<usize>j) << 2), load<f32>(base + ((<usize>j) << 2)));
    } else {
      for (let j = 0; j < d1; j++) store<f32>(o + ((<usize>j) << 2), load<f32>(base + ((<usize>(j * s1)) << 2)));
    }
    o += (<usize>d1) << 2;
    for (let d = n - 2; d >= 0; d--) {
      const ip = idx + ((<usize>d) << 2);
      const st = load<i32>(strides + ((<usize>d) << 2));
      const i = load<i32>(ip) + 1;
      off += st;
      if (i < load<i32>(dims + ((<usize>d) << 2))) {
        store<i32>(ip, i);
        break;
      }
      off -= st * i;
      store<i32>(ip, 0);
    }
  }
}
