import { BERT_SPECIAL_TOKENS, DataLoader, mixSeeds, type WordPieceTokenizer } from "@trex/data";
import { type BertForSequenceClassification, BertMlmHead } from "@trex/models";
import { AdamW, clipGradNorm, indexTensor, noGrad, type Parameter, type ParamGroup, warmupCosine } from "@trex/tensor";
import { TrainOptionError } from "./errors.js";
import { maskTokens } from "./mlm-masking.js";
import { eta, formatDuration, type ProgressSink } from "./progress.js";
import type { TrainSettings } from "./trainer.js";

/**
 * Everything that decides a masked-LM pretraining run: TrainSettings' optimisation fields (same meaning),
 * plus the sequence length and the mask rate.
 */
export interface MlmSettings extends Pick<TrainSettings, "seed" | "batchSize" | "steps" | "lr" | "minLr" | "warmupSteps" | "weightDecay" | "clipNorm"> {
  /** Tokens per sentence ([CLS] … [SEP]); longer sentences are truncated. */
  readonly maxLength: number;
  /** BERT's 15 %. */
  readonly maskProb: number;
}

export const MLM_DEFAULTS: Omit<MlmSettings, "steps"> = {
  seed: 0,
  batchSize: 64,
  lr: 5e-4,
  minLr: 1e-5,
  warmupSteps: 200,
  weightDecay: 0.01,
  clipNorm: 1,
  maxLength: 64,
  maskProb: 0.15,
};

export interface MlmRunOptions {
  readonly progress?: ProgressSink | null;
  readonly logEvery?: number;
  /** Sentences kept out of training to report masked-token accuracy on every evalEvery steps. */
  readonly evalSentences?: readonly string[];
  readonly evalEvery?: number;
  readonly checkpointEvery?: number;
  /** Called every checkpointEvery steps and at the end with the step reached (the model and head are live). */
  readonly onCheckpoint?: (step: number, head: BertMlmHead) => void | Promise<void>;
  /** A head to continue with (e.g. loaded from a checkpoint); default a fresh seeded one. */
  readonly head?: BertMlmHead;
}

export interface MlmEval {
  /** Mean masked-token cross-entropy and the share of masked tokens predicted exactly. */
  readonly loss: number;
  readonly accuracy: number;
  readonly predicted: number;
}

export interface MlmResult {
  readonly steps: number;
  readonly epochs: number;
  /** Mean masked-LM loss over the last min(50, steps) steps. */
  readonly finalLoss: number;
  readonly eval: MlmEval | null;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly head: BertMlmHead;
}

function checkMlmSettings(s: MlmSettings, sentences: number): void {
  for (const k of ["seed", "batchSize", "steps", "warmupSteps", "maxLength"] as const) {
    const min = k === "seed" || k === "warmupSteps" ? 0 : k === "maxLength" ? 3 : 1;
    if (!(Number.isSafeInteger(s[k]) && s[k] >= min)) throw new TrainOptionError(`${k} = ${s[k]} must be an integer >= ${min}`);
  }
  if (s.warmupSteps >= s.steps) throw new TrainOptionError(`warmupSteps (${s.warmupSteps}) must be below steps (${s.steps})`);
  if (!(s.lr > 0 && s.minLr >= 0 && s.minLr <= s.lr)) throw new TrainOptionError(`need lr (${s.lr}) > 0 and 0 <= minLr (${s.minLr}) <= lr`);
  if (!(s.weightDecay >= 0 && s.clipNorm >= 0)) throw new TrainOptionError(`weightDecay (${s.weightDecay}) and clipNorm (${s.clipNorm}) must be >= 0`);
  if (sentences < 1) throw new TrainOptionError("the pretraining corpus is empty; pass at least one sentence");
}

/** Token ids, mask and types of some sentences, padding columns no sentence uses trimmed. */
function encode(tokenizer: WordPieceTokenizer, texts: readonly string[], maxLength: number) {
  const e = tokenizer.encodeBatch([...texts], { maxLength });
  const n = texts.length;
  let len = 1;
  for (let r = 0; r < n; r++) for (let c = len; c < maxLength; c++) if (e.attentionMask[r * maxLength + c] !== 0) len = c + 1;
  const trim = (a: Int32Array) => {
    const out = new Int32Array(n * len);
    for (let r = 0; r < n; r++) out.set(a.subarray(r * maxLength, r * maxLength + len), r * len);
    return out;
  };
  return { ids: trim(e.inputIds), mask: trim(e.attentionMask), types: trim(e.tokenTypeIds), shape: [n, len] };
}

function specialIds(tokenizer: WordPieceTokenizer): { mask: number; all: number[] } {
  const id = (tok: string) => {
    const i = tokenizer.vocab.indexOf(tok);
    if (i < 0) throw new TrainOptionError(`the vocabulary has no ${tok}; masked-LM pretraining needs BERT's special tokens`);
    return i;
  };
  return { mask: id(BERT_SPECIAL_TOKENS.mask), all: Object.values(BERT_SPECIAL_TOKENS).map(id) };
}

/** Masked-token loss and accuracy of the head on `sentences` (fixed masking from `seed`, no gradients). */
export function evaluateMlm(head: BertMlmHead, tokenizer: WordPieceTokenizer, sentences: readonly string[], o: { seed: number; maxLength?: number; batchSize?: number }): MlmEval {
  const sp = specialIds(tokenizer);
  const bs = o.batchSize ?? 100;
  let loss = 0;
  let hits = 0;
  let count = 0;
  const wasTraining = head.encoder.training;
  head.encoder.eval();
  try {
    noGrad(() => {
      for (let start = 0; start < sentences.length; start += bs) {
        const e = encode(tokenizer, sentences.slice(start, start + bs), o.maxLength ?? 64);
        const m = maskTokens(e.ids, e.mask, { seed: mixSeeds(o.seed, start), maskTokenId: sp.mask, vocabSize: tokenizer.vocab.length, specialIds: sp.all });
        const r = head.loss({ inputIds: indexTensor(m.inputIds, e.shape), attentionMask: indexTensor(e.mask, e.shape), tokenTypeIds: indexTensor(e.types, e.shape) }, m.positions, m.targets, { train: false });
        const v = r.logits.shape[1];
        loss += r.loss.data[0] * m.targets.length;
        for (let i = 0; i < m.targets.length; i++) {
          let best = 0;
          for (let j = 1; j < v; j++) if (r.logits.data[i * v + j] > r.logits.data[i * v + best]) best = j;
          if (best === m.targets[i]) hits++;
        }
        count += m.targets.length;
      }
    });
  } finally {
    head.encoder.train(wasTraining);
  }
  return { loss: loss / count, accuracy: hits / count, predicted: count };
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Masked-LM pretraining of a BERT encoder (in place) on unlabelled sentences, as BERT pretrains: seeded
 * 15 % / 80-10-10 masking per step, cross-entropy at the masked positions only, AdamW with warmup + cosine.
 * The pooler and classifier are not trained (fine-tuning starts them from their init). Deterministic: the
 * sentence order depends on (seed, epoch), the masking on (seed, step).
 */
export async function pretrainMlm(
  model: BertForSequenceClassification,
  sentences: readonly string[],
  tokenizer: WordPieceTokenizer,
  settings: MlmSettings,
  run: MlmRunOptions = {},
): Promise<MlmResult> {
  const s = settings;
  checkMlmSettings(s, sentences.length);
  if (tokenizer.vocab.length !== model.config.vocabSize) {
    throw new TrainOptionError(`the tokenizer has ${tokenizer.vocab.length} pieces but the model's vocabSize is ${model.config.vocabSize}; build the model with the tokenizer's vocabulary size`);
  }
  const sp = specialIds(tokenizer);
  const head = run.head ?? new BertMlmHead(model, { seed: s.seed + 1 });
  if (head.encoder !== model) throw new TrainOptionError("the given head belongs to another model; build it on the model being pretrained");
  const decay: Parameter[] = [];
  const none: Parameter[] = [];
  const skip = /^(bert\.pooler|classifier)\./;
  for (const [name, p] of [...model.namedParameters(), ...head.headEntries()]) {
    if (skip.test(name)) continue;
    (p.shape.length <= 1 || /position_embeddings|token_type_embeddings/.test(name) ? none : decay).push(p);
  }
  const groups: ParamGroup[] = [
    { params: decay, weightDecay: s.weightDecay },
    { params: none, weightDecay: 0 },
  ];
  const opt = new AdamW(groups, { lr: s.lr, weightDecay: s.weightDecay });
  const schedule = warmupCosine({ peakLr: s.lr, warmupSteps: s.warmupSteps, totalSteps: s.steps, minLr: s.minLr });
  const bs = Math.min(s.batchSize, sentences.length);
  const loader = new DataLoader({ size: sentences.length, batchSize: bs, seed: s.seed, dropLast: true });
  const spe = Math.max(1, Math.floor(sentences.length / bs));
  const logEvery = run.logEvery ?? Math.max(1, Math.round(s.steps / 50));
  const t0 = performance.now();
  const c0 = cpuNow();
  const wall = () => (performance.now() - t0) / 1000;
  const recent: number[] = [];
  let order: Int32Array | null = null;
  let orderEpoch = -1;
  let step = 0;
  const evalNow = () => (run.evalSentences?.length ? evaluateMlm(head, tokenizer, run.evalSentences, { seed: mixSeeds(s.seed, 0xe7a1), maxLength: s.maxLength }) : null);
  model.train(true);
  try {
    while (step < s.steps) {
      const epoch = Math.floor(step / spe);
      if (epoch !== orderEpoch) {
        order = loader.order(epoch);
        orderEpoch = epoch;
      }
      const b = step % spe;
      const idx = order!.subarray(b * bs, b * bs + bs);
      const e = encode(tokenizer, Array.from(idx, (i) => sentences[i]), s.maxLength);
      const m = maskTokens(e.ids, e.mask, { seed: mixSeeds(s.seed, 0x6d6c6d, step), maskTokenId: sp.mask, vocabSize: tokenizer.vocab.length, specialIds: sp.all, maskProb: s.maskProb });
      const inputs = { inputIds: indexTensor(m.inputIds, e.shape), attentionMask: indexTensor(e.mask, e.shape), tokenTypeIds: indexTensor(e.types, e.shape) };
      const { loss } = head.loss(inputs, m.positions, m.targets, { train: true });
      opt.zeroGrad();
      loss.backward();
      if (s.clipNorm > 0) clipGradNorm(opt.params, s.clipNorm);
      opt.lr = schedule(step);
      opt.step();
      step++;
      recent.push(loss.data[0]);
      if (recent.length > 50) recent.shift();
      if (run.progress && (step % logEvery === 0 || step === s.steps)) {
        const mean = recent.reduce((a, v) => a + v, 0) / recent.length;
        run.progress.write(
          `mlm step ${step}/${s.steps} epoch ${(step / spe).toFixed(2)} loss ${mean.toFixed(4)} lr ${opt.lr.toExponential(2)} | ` +
            `${((step * bs) / wall()).toFixed(1)} sent/s, elapsed ${formatDuration(wall())}, ETA ${formatDuration(eta(step, s.steps, wall()))}\n`,
        );
      }
      if (run.evalEvery && step % run.evalEvery === 0 && step < s.steps) {
        const r = evalNow();
        if (r) run.progress?.write(`  mlm eval at step ${step}: loss ${r.loss.toFixed(4)}, masked-token accuracy ${(100 * r.accuracy).toFixed(2)} % on ${r.predicted}\n`);
        model.train(true);
      }
      if (run.onCheckpoint && run.checkpointEvery && step % run.checkpointEvery === 0 && step < s.steps) await run.onCheckpoint(step, head);
    }
  } finally {
    model.eval();
  }
  const ev = evalNow();
  if (run.onCheckpoint) await run.onCheckpoint(step, head);
  return {
    steps: step,
    epochs: step / spe,
    finalLoss: recent.reduce((a, v) => a + v, 0) / recent.length,
    eval: ev,
    wallSeconds: wall(),
    cpuSeconds: cpuNow() - c0,
    head,
  };
}
