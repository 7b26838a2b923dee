import {
  type Parameter,
  type ProductEngine,
  Rng,
  type Tensor,
  add,
  concat,
  conv2d,
  dynamicMatmul,
  expand,
  fill_,
  gelu,
  idealEngine,
  layerNorm,
  linear,
  mean,
  mul,
  parameter,
  permute,
  reshape,
  slice,
  softmax,
  transpose,
  truncNormal_,
} from "../index.js";

// A small ViT built only from the engine's ops (test helper and benchmark subject, not a model
// library): patch embedding by conv2d, class token, learned positions, pre-norm encoders with
// multi-head attention on dynamicMatmul and a GELU MLP, classification from the class token.

export interface TinyVitConfig {
  image: number;
  channels: number;
  patch: number;
  dim: number;
  depth: number;
  heads: number;
  mlpRatio: number;
  classes: number;
  /** Classify from the class token ("cls", DeiT) or the mean of all tokens ("mean"). */
  pool: "cls" | "mean";
  /** Init std of the residual-branch outputs (attention proj, fc2); 0 starts every encoder as identity. */
  residualStd: number;
}

/** The deit-fmnist shape: 12 encoders, dim 64, 4 heads, patch 7 on 28×28 (16 patches + cls = 17 tokens), MLP ratio 2. */
export const FMNIST_VIT: TinyVitConfig = { image: 28, channels: 1, patch: 7, dim: 64, depth: 12, heads: 4, mlpRatio: 2, classes: 10, pool: "cls", residualStd: 0.02 };

interface Block {
  ln1g: Parameter;
  ln1b: Parameter;
  qkvW: Parameter;
  qkvB: Parameter;
  projW: Parameter;
  projB: Parameter;
  ln2g: Parameter;
  ln2b: Parameter;
  fc1W: Parameter;
  fc1B: Parameter;
  fc2W: Parameter;
  fc2B: Parameter;
}

export class TinyVit {
  readonly cfg: TinyVitConfig;
  readonly params = new Map<string, Parameter>();
  private readonly patchW: Parameter;
  private readonly patchB: Parameter;
  private readonly cls: Parameter;
  private readonly pos: Parameter;
  private readonly blocks: Block[] = [];
  private readonly normG: Parameter;
  private readonly normB: Parameter;
  private readonly headW: Parameter;
  private readonly headB: Parameter;

  constructor(cfg: TinyVitConfig, seed: number) {
    this.cfg = cfg;
    const rng = new Rng(seed);
    const { dim, patch, channels, classes } = cfg;
    const tokens = (cfg.image / patch) ** 2 + 1;
    const hidden = dim * cfg.mlpRatio;
    const weight = (name: string, shape: number[]) => this.add(name, truncNormal_(parameter(shape), rng, { std: 0.02 }));
    const zero = (name: string, shape: number[]) => this.add(name, parameter(shape));
    const residual = (name: string, shape: number[]) =>
      cfg.residualStd > 0 ? this.add(name, truncNormal_(parameter(shape), rng, { std: cfg.residualStd })) : zero(name, shape);
    const one = (name: string, shape: number[]) => this.add(name, fill_(parameter(shape), 1));
    this.patchW = weight("patch.w", [dim, channels, patch, patch]);
    this.patchB = zero("patch.b", [dim]);
    this.cls = weight("cls", [1, 1, dim]);
    this.pos = weight("pos", [1, tokens, dim]);
    for (let i = 0; i < cfg.depth; i++) {
      const p = `blocks.${i}.`;
      this.blocks.push({
        ln1g: one(`${p}ln1.g`, [dim]),
        ln1b: zero(`${p}ln1.b`, [dim]),
        qkvW: weight(`${p}qkv.w`, [3 * dim, dim]),
        qkvB: zero(`${p}qkv.b`, [3 * dim]),
        projW: residual(`${p}proj.w`, [dim, dim]),
        projB: zero(`${p}proj.b`, [dim]),
        ln2g: one(`${p}ln2.g`, [dim]),
        ln2b: zero(`${p}ln2.b`, [dim]),
        fc1W: weight(`${p}fc1.w`, [hidden, dim]),
        fc1B: zero(`${p}fc1.b`, [hidden]),
        fc2W: residual(`${p}fc2.w`, [dim, hidden]),
        fc2B: zero(`${p}fc2.b`, [dim]),
      });
    }
    this.normG = one("norm.g", [dim]);
    this.normB = zero("norm.b", [dim]);
    this.headW = weight("head.w", [classes, dim]);
    this.headB = zero("head.b", [classes]);
  }

  private add(name: string, p: Parameter): Parameter {
    p.name = name;
    this.params.set(name, p);
    return p;
  }

  private attention(x: Tensor, b: Block, engine: ProductEngine): Tensor {
    const [n, t, d] = x.shape;
    const h = this.cfg.heads;
    const hd = d / h;
    const qkv = linear(x, b.qkvW, b.qkvB, engine);
    // [n, t, 3, h, hd] → [3, n, h, t, hd]
    const split = permute(reshape(qkv, [n, t, 3, h, hd]), [2, 0, 3, 1, 4]);
    const part = (i: number) => reshape(slice(split, 0, i, i + 1), [n, h, t, hd]);
    const q = mul(part(0), 1 / Math.sqrt(hd));
    const s = softmax(dynamicMatmul(q, part(1), { transB: true, engine }));
    const o = dynamicMatmul(s, part(2), { engine });
    return linear(reshape(permute(o, [0, 2, 1, 3]), [n, t, d]), b.projW, b.projB, engine);
  }

  /** Logits [N, classes] for images [N, C, H, W]. */
  forward(images: Tensor, engine: ProductEngine = idealEngine): Tensor {
    const n = images.shape[0];
    const { dim } = this.cfg;
    const patches = conv2d(images, this.patchW, this.patchB, { stride: this.cfg.patch, engine });
    let x = transpose(reshape(patches, [n, dim, -1]), 1, 2);
    x = add(concat([expand(this.cls, [n, 1, dim]), x], 1), this.pos);
    for (const b of this.blocks) {
      x = add(x, this.attention(layerNorm(x, b.ln1g, b.ln1b, 1e-6), b, engine));
      const hdn = gelu(linear(layerNorm(x, b.ln2g, b.ln2b, 1e-6), b.fc1W, b.fc1B, engine));
      x = add(x, linear(hdn, b.fc2W, b.fc2B, engine));
    }
    const normed = layerNorm(x, this.normG, this.normB, 1e-6);
    const pooled = this.cfg.pool === "cls" ? reshape(slice(normed, 1, 0, 1), [n, dim]) : mean(normed, 1);
    return linear(pooled, this.headW, this.headB, engine);
  }
}
