import { describe, expect, it } from "vitest";
import { DataOptionError, pretrainingSentences } from "../index.js";
import { loadAcceptability, loadPretrainingCorpus } from "../node/index.js";

describe("pretrainingSentences", () => {
  const texts = [
    "The harvest was good this year. The roads are being built in every state. We have paid the public debt in full.",
    "Our army is small but ready. The harvest was good this year. Peace is the first interest of the people here.",
  ];

  it("keeps the filtered sentences, each once, minus the excluded ones", () => {
    expect(pretrainingSentences(texts, ["Our army is small but ready."])).toEqual([
      "The harvest was good this year.",
      "The roads are being built in every state.",
      "We have paid the public debt in full.",
      "Peace is the first interest of the people here.",
    ]);
    expect(pretrainingSentences(texts, [], { minWords: 8 })).toEqual(["The roads are being built in every state.", "We have paid the public debt in full.", "Peace is the first interest of the people here."]);
  });

  it("says what to do when nothing is left or the filter is impossible", () => {
    expect(() => pretrainingSentences(texts, [], { minWords: 30, maxWords: 40 })).toThrow(/no pretraining sentences left/);
    expect(() => pretrainingSentences(texts, [], { minWords: 9, maxWords: 5 })).toThrow(DataOptionError);
  });
});

describe("loadPretrainingCorpus", () => {
  it("holds far more text than the task and none of the held-out sentences", () => {
    const corpus = loadPretrainingCorpus({ seed: 0 });
    const a = loadAcceptability({ seed: 0 });
    expect(corpus.length).toBeGreaterThan(3 * a.train.sentences.length);
    const set = new Set(corpus);
    expect(a.heldOut.sentences.filter((s) => set.has(s))).toEqual([]);
    // The training split's acceptable sentences are ordinary prose and may be pretrained on.
    const trainGood = a.train.sentences.filter((_, i) => a.train.labels[i] === 1);
    expect(trainGood.filter((s) => set.has(s)).length).toBe(trainGood.length);
  });
});
