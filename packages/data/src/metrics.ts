import { DataOptionError } from "./errors.js";

function check(pred: ArrayLike<number>, gold: ArrayLike<number>): void {
  if (pred.length !== gold.length) {
    throw new DataOptionError(`predictions (${pred.length}) and labels (${gold.length}) differ in length; pass one prediction per label`);
  }
  if (pred.length === 0) throw new DataOptionError("no predictions given; metrics need at least one example");
}

/** Fraction of predictions equal to the labels. */
export function accuracy(pred: ArrayLike<number>, gold: ArrayLike<number>): number {
  check(pred, gold);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === gold[i]) ok++;
  return ok / pred.length;
}

/** Confusion matrix m[gold][pred] over classes 0..numClasses-1 (default: 1 + the largest label seen). */
export function confusionMatrix(pred: ArrayLike<number>, gold: ArrayLike<number>, numClasses?: number): number[][] {
  check(pred, gold);
  let k = numClasses ?? 0;
  if (numClasses === undefined) for (let i = 0; i < pred.length; i++) k = Math.max(k, pred[i] + 1, gold[i] + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i];
    const g = gold[i];
    if (!Number.isInteger(p) || !Number.isInteger(g) || p < 0 || g < 0 || p >= k || g >= k) {
      throw new DataOptionError(`class ids must be integers in 0..${k - 1}, got prediction ${p} and label ${g} at index ${i}`);
    }
    m[g][p]++;
  }
  return m;
}

/**
 * Matthews correlation coefficient (GLUE's CoLA metric), multi-class form (Gorodkin 2004), which
 * is (tp·tn − fp·fn)/√((tp+fp)(tp+fn)(tn+fp)(tn+fn)) for two classes. Like scikit-learn, returns 0
 * when the denominator vanishes (all predictions or all labels in one class).
 */
export function mcc(pred: ArrayLike<number>, gold: ArrayLike<number>): number {
  const m = confusionMatrix(pred, gold);
  const k = m.length;
  const s = pred.length;
  let c = 0;
  let pt = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    c += m[i][i];
    let t = 0;
    let p = 0;
    for (let j = 0; j < k; j++) {
      t += m[i][j];
      p += m[j][i];
    }
    pt += p * t;
    pp += p * p;
    tt += t * t;
  }
  const den = Math.sqrt((s * s - pp) * (s * s - tt));
  return den === 0 ? 0 : (c * s - pt) / den;
}
