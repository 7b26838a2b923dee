import type { Tensor } from "@trex/tensor";
import { add, concat, conv2d, expand, gelu, layerNorm, linear, matmul, mul, permute, reshape, slice, softmax, transpose } from "@trex/tensor";

// An independent re-implementation of timm's ViT forward (ref_vit.py) over a name → tensor map, with the
// TReX reuse rule written out by hand, used as the reference for the model's forward and reuse. It uses
// plain matmul (not the product seam) and its own head split.

export interface HandVitOptions {
  dim: number;
  heads: number;
  depth: number;
  patch: number;
  eps: number;
  /** block → source block of its reused attention output (absent: computes). */
  reuse?: ReadonlyMap<number, number>;
}

function attention(p: (n: string) => Tensor, i: number, x: Tensor, o: HandVitOptions): Tensor {
  const [b, t, d] = x.shape;
  const hd = d / o.heads;
  const qkv = linear(x, p(`blocks.${i}.attn.qkv.weight`), p(`blocks.${i}.attn.qkv.bias`));
  const heads: Tensor[] = [];
  for (let h = 0; h < o.heads; h++) {
    const q = slice(qkv, 2, h * hd, (h + 1) * hd);
    const k = slice(qkv, 2, d + h * hd, d + (h + 1) * hd);
    const v = slice(qkv, 2, 2 * d + h * hd, 2 * d + (h + 1) * hd);
    const s = softmax(matmul(mul(q, hd ** -0.5), transpose(k)), -1);
    heads.push(matmul(s, v));
  }
  void b;
  void t;
  return concat(heads, 2);
}

/** Returns logits [B, classes] and each block's attention output. */
export function handVit(named: ReadonlyMap<string, Tensor>, img: Tensor, o: HandVitOptions): { logits: Tensor; attn: Tensor[] } {
  const p = (n: string) => {
    const t = named.get(n);
    if (!t) throw new Error(`hand-vit: no tensor ${n}`);
    return t;
  };
  const f = conv2d(img, p("patch_embed.proj.weight"), p("patch_embed.proj.bias"), { stride: o.patch });
  const [b, d] = f.shape;
  const tokens = permute(reshape(f, [b, d, f.shape[2] * f.shape[3]]), [0, 2, 1]);
  let x = add(concat([expand(p("cls_token"), [b, 1, d]), tokens], 1), p("pos_embed"));
  const attn: Tensor[] = [];
  for (let i = 0; i < o.depth; i++) {
    const src = o.reuse?.get(i);
    let a: Tensor;
    if (src === undefined) {
      a = attention(p, i, layerNorm(x, p(`blocks.${i}.norm1.weight`), p(`blocks.${i}.norm1.bias`), o.eps), o);
    } else {
      // TB: LayerNorm → Linear → GELU on the source block's attention output.
      const n = layerNorm(attn[src], p(`blocks.${i}.attn_tb.norm.weight`), p(`blocks.${i}.attn_tb.norm.bias`), o.eps);
      a = gelu(linear(n, p(`blocks.${i}.attn_tb.fc.weight`), p(`blocks.${i}.attn_tb.fc.bias`)));
    }
    attn.push(a);
    x = add(x, linear(a, p(`blocks.${i}.attn.proj.weight`), p(`blocks.${i}.attn.proj.bias`)));
    const h = layerNorm(x, p(`blocks.${i}.norm2.weight`), p(`blocks.${i}.norm2.bias`), o.eps);
    x = add(x, linear(gelu(linear(h, p(`blocks.${i}.mlp.fc1.weight`), p(`blocks.${i}.mlp.fc1.bias`))), p(`blocks.${i}.mlp.fc2.weight`), p(`blocks.${i}.mlp.fc2.bias`)));
  }
  const fin = layerNorm(x, p("norm.weight"), p("norm.bias"), o.eps);
  const cls = reshape(slice(fin, 1, 0, 1), [b, d]);
  return { logits: linear(cls, p("head.weight"), p("head.bias")), attn };
}
