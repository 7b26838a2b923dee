import { describe, expect, it } from "vitest";
import { buildAcceptabilityDataset } from "../acceptability.js";
import { type Corruption, corruptSentence, DELETABLE_WORDS } from "../corruptions.js";
import { loadAcceptability } from "../node/acceptability.js";
import { extractSentences, splitSentences } from "../sentences.js";
import { WordPieceTokenizer } from "../wordpiece.js";

const first = () => 0; // a "random" stream that always picks the first site
const last = () => 0.999999;

describe("sentence extraction", () => {
  it("splits at sentence ends, not after abbreviations, and drops bracketed asides", () => {
    expect(splitSentences("We met Mr. Smith today. He spoke [Applause] well! Did he? Yes (Laughter.) he did.")).toEqual([
      "We met Mr. Smith today.",
      "He spoke well!",
      "Did he?",
      "Yes he did.",
    ]);
    expect(splitSentences("The U.S. Navy sailed. It returned.")).toEqual(["The U.S. Navy sailed.", "It returned."]);
  });

  it("filters by length, characters, inner marks, headings and duplicates", () => {
    const text = [
      "This sentence has exactly five words.", // kept (6 words)
      "Too short here.", // 3 words
      "We met Mr. Smith at the station today.", // inner period
      "The caf\u00e9 was open late that night.", // non-ASCII
      "He said: we shall not fail them now.", // colon
      "FOREIGN AFFAIRS Our relations are good with all.", // heading
      "This sentence has exactly five words.", // duplicate
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone.",
    ].join(" ");
    expect(extractSentences([text])).toEqual(["This sentence has exactly five words."]);
    expect(extractSentences(["Too short here. And this one is long enough."], { minWords: 3, maxWords: 3 })).toEqual(["Too short here."]);
  });
});

describe("corruptSentence", () => {
  const s = "The committee is ready and the members have voted to approve it.";
  it("agreement flips is/are, has/have, … keeping case and punctuation", () => {
    expect(corruptSentence(s, "agreement", first)).toBe("The committee are ready and the members have voted to approve it.");
    expect(corruptSentence(s, "agreement", last)).toBe("The committee is ready and the members has voted to approve it.");
    expect(corruptSentence("Is it true that he doesn't know?", "agreement", first)).toBe("Are it true that he doesn't know?");
    expect(corruptSentence("Is it true that he doesn't know?", "agreement", last)).toBe("Is it true that he don't know?");
    expect(corruptSentence("We can see the river from here.", "agreement", first)).toBeUndefined();
  });

  it("swap exchanges two adjacent lowercase words, never the first", () => {
    expect(corruptSentence(s, "swap", first)).toBe("The is committee ready and the members have voted to approve it.");
    expect(corruptSentence(s, "swap", last)).toBe("The committee is ready and the members have voted approve to it.");
    expect(corruptSentence("Rome, Paris, London.", "swap", first)).toBeUndefined();
  });

  it("deletion removes one listed function word", () => {
    expect(corruptSentence(s, "deletion", first)).toBe("The committee ready and the members have voted to approve it.");
    expect(corruptSentence(s, "deletion", last)).toBe("The committee is ready and the members have voted approve it.");
    expect(corruptSentence("Dogs bark loudly at night.", "deletion", first)).toBeUndefined();
  });

  it("duplication repeats one lowercase word, skipping ones that may double legitimately", () => {
    expect(corruptSentence(s, "duplication", first)).toBe("The committee committee is ready and the members have voted to approve it.");
    expect(corruptSentence("It had that very effect.", "duplication", first)).toBeUndefined();
  });
});

/** Independent check that `bad` is `good` changed by exactly the named corruption. */
function relatedBy(good: string, bad: string, kind: Corruption): boolean {
  const g = good.split(" ");
  const b = bad.split(" ");
  const diff = (x: string[], y: string[]) => x.map((w, i) => (w === y[i] ? -1 : i)).filter((i) => i >= 0);
  const flips = ["is are", "was were", "has have", "does do", "isn't aren't", "wasn't weren't", "hasn't haven't", "doesn't don't"];
  switch (kind) {
    case "agreement": {
      const d = diff(g, b);
      if (b.length !== g.length || d.length !== 1) return false;
      const strip = (w: string) => w.replace(/[,.!?]$/, "").toLowerCase();
      return flips.some((f) => {
        const [x, y] = f.split(" ");
        return (strip(g[d[0]]) === x && strip(b[d[0]]) === y) || (strip(g[d[0]]) === y && strip(b[d[0]]) === x);
      });
    }
    case "swap": {
      const d = diff(g, b);
      return b.length === g.length && d.length === 2 && d[1] === d[0] + 1 && g[d[0]] === b[d[1]] && g[d[1]] === b[d[0]];
    }
    case "deletion":
      return b.length === g.length - 1 && g.some((w, i) => DELETABLE_WORDS.has(w) && [...g.slice(0, i), ...g.slice(i + 1)].join(" ") === bad);
    case "duplication":
      return b.length === g.length + 1 && b.some((w, i) => i > 0 && w === b[i - 1] && [...b.slice(0, i), ...b.slice(i + 1)].join(" ") === good);
  }
}

describe("buildAcceptabilityDataset", () => {
  const prose = [
    "The harbour is quiet in winter. Fishermen have mended their nets by the fire. The town council has met twice this month.",
    "Children were walking to the old school. The baker opens his shop before dawn. Our neighbours have planted a row of trees.",
    "The river was high after the storm. Farmers are worried about the harvest this year. A new bridge will be built next spring.",
  ];
  it("is deterministic in the seed, balanced, and keeps pairs on one side", () => {
    const a = buildAcceptabilityDataset(prose, { seed: 5, pairs: 9, heldOutFraction: 1 / 3 });
    const b = buildAcceptabilityDataset(prose, { seed: 5, pairs: 9, heldOutFraction: 1 / 3 });
    const c = buildAcceptabilityDataset(prose, { seed: 6, pairs: 9, heldOutFraction: 1 / 3 });
    expect(a).toEqual(b);
    expect(a.train.sentences).not.toEqual(c.train.sentences);
    expect(a.stats.pairs).toBe(9);
    expect([a.train.sentences.length, a.heldOut.sentences.length]).toEqual([12, 6]);
    const ones = (l: Int32Array) => l.reduce((n, y) => n + y, 0);
    expect(ones(a.train.labels)).toBe(6);
    expect(ones(a.heldOut.labels)).toBe(3);
    const trainPairs = new Set(a.train.pairIds);
    expect([...a.heldOut.pairIds].some((p) => trainPairs.has(p))).toBe(false);
    expect(() => buildAcceptabilityDataset(["Too short."], { seed: 0 })).toThrow(/usable sentences/);
  });
});

describe("loadAcceptability (State of the Union texts)", () => {
  const ds = loadAcceptability({ seed: 0 });
  it("has the documented size, balance and vocab", () => {
    expect(ds.stats.pairs).toBe(5000);
    expect([ds.stats.trainSize, ds.stats.heldOutSize]).toEqual([8000, 2000]);
    expect(ds.stats.candidateSentences).toBeGreaterThan(15000);
    for (const k of ["agreement", "swap", "deletion", "duplication"] as const) expect(ds.stats.corruptions[k]).toBe(1250);
    expect(ds.train.labels.reduce((n, y) => n + y, 0)).toBe(4000);
    expect(ds.vocab.slice(0, 5)).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
    expect(ds.vocab.length).toBeLessThanOrEqual(8192);
  });

  it("every unacceptable sentence is its twin changed by exactly its corruption; originals pass the filter", () => {
    for (const split of [ds.train, ds.heldOut]) {
      const good = new Map<number, string>();
      split.sentences.forEach((s, i) => {
        if (split.labels[i] === 1) good.set(split.pairIds[i], s);
      });
      split.sentences.forEach((s, i) => {
        if (split.labels[i] === 1) {
          const n = s.split(" ").length;
          expect(n >= 5 && n <= 20 && /^[\x20-\x7e]+$/.test(s)).toBe(true);
        } else {
          expect(relatedBy(good.get(split.pairIds[i])!, s, split.corruptions[i]!)).toBe(true);
        }
      });
    }
  });

  it("held-out sentences tokenize with the train vocab with few [UNK]s", () => {
    const tok = new WordPieceTokenizer(ds.vocab);
    let unk = 0;
    let n = 0;
    for (const s of ds.heldOut.sentences) {
      const t = tok.tokenize(s);
      n += t.length;
      unk += t.filter((x) => x === "[UNK]").length;
    }
    expect(unk / n).toBeLessThan(0.001);
  });
});
