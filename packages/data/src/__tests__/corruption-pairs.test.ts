import { describe, expect, it } from "vitest";
import { buildCorruptionPairs } from "../corruption-pairs.js";
import { corruptSentence, corruptSentenceWithSites } from "../corruptions.js";
import { mulberry32 } from "../rng.js";
import { extractSentences } from "../sentences.js";
import { readSotuTexts } from "../node/acceptability.js";

const first = () => 0;
const last = () => 0.999999;
const s = "The committee is ready and the members have voted to approve it.";

describe("corruptSentenceWithSites", () => {
  it("marks the damaged words of each kind (hand-checked examples)", () => {
    // agreement: the flipped verb
    expect(corruptSentenceWithSites(s, "agreement", last)).toEqual({ text: "The committee is ready and the members has voted to approve it.", sites: [7] });
    // swap: both exchanged words
    expect(corruptSentenceWithSites(s, "swap", first)).toEqual({ text: "The is committee ready and the members have voted to approve it.", sites: [1, 2] });
    // deletion: the word now after the gap ("is" removed, "ready" moved to index 2)
    expect(corruptSentenceWithSites(s, "deletion", first)).toEqual({ text: "The committee ready and the members have voted to approve it.", sites: [2] });
    // deletion at the very end: the word before the gap
    expect(corruptSentenceWithSites("We went there and we were", "deletion", last)).toEqual({ text: "We went there and we", sites: [4] });
    // duplication: the inserted copy
    expect(corruptSentenceWithSites(s, "duplication", first)).toEqual({ text: "The committee committee is ready and the members have voted to approve it.", sites: [2] });
    expect(corruptSentenceWithSites("Dogs bark loudly at night.", "deletion", first)).toBeUndefined();
  });

  it("draws exactly as corruptSentence does, so the embedded dataset is unchanged", () => {
    const sentences = extractSentences(readSotuTexts().slice(0, 3)).slice(0, 200);
    const a = mulberry32(9);
    const b = mulberry32(9);
    for (const x of sentences) for (const k of ["agreement", "swap", "deletion", "duplication"] as const) {
      expect(corruptSentenceWithSites(x, k, a)?.text).toBe(corruptSentence(x, k, b));
    }
  });
});

describe("buildCorruptionPairs", () => {
  const sentences = extractSentences(readSotuTexts().slice(10, 14)).slice(0, 400);
  const pairs = buildCorruptionPairs(sentences, { seed: 3 });

  it("pairs each usable sentence with one corruption, balanced, deterministic in the seed", () => {
    expect(pairs.stats.pairs + pairs.stats.skipped).toBe(sentences.length);
    expect(pairs.sentences.length).toBe(2 * pairs.stats.pairs);
    expect(buildCorruptionPairs(sentences, { seed: 3 })).toEqual(pairs);
    expect(buildCorruptionPairs(sentences, { seed: 4 }).sentences).not.toEqual(pairs.sentences);
    const counts = Object.values(pairs.stats.corruptions);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(pairs.stats.pairs / 4);
    for (let k = 0; k < pairs.stats.pairs; k++) {
      expect([pairs.labels[2 * k], pairs.labels[2 * k + 1]]).toEqual([1, 0]);
      expect(pairs.sites[2 * k]).toBeNull();
    }
  });

  it("every site points at the words that differ from the original (checked from the two texts alone)", () => {
    for (let k = 0; k < pairs.stats.pairs; k++) {
      const g = pairs.sentences[2 * k].split(" ");
      const b = pairs.sentences[2 * k + 1].split(" ");
      const sites = pairs.sites[2 * k + 1]!;
      switch (pairs.corruptions[2 * k + 1]) {
        case "agreement":
        case "swap": {
          // Same length: the sites are exactly the positions where the words differ.
          const differ = g.map((w, i) => (w === b[i] ? -1 : i)).filter((i) => i >= 0);
          expect(sites).toEqual(differ);
          break;
        }
        case "deletion": {
          // Removing nothing from b and one word from g at the gap gives the same text; the site is the gap.
          const gap = g.findIndex((w, i) => w !== b[i]);
          expect(sites).toEqual([gap < b.length ? gap : b.length - 1]);
          break;
        }
        case "duplication": {
          const [i] = sites;
          expect(b[i]).toBe(b[i - 1]);
          expect([...b.slice(0, i), ...b.slice(i + 1)]).toEqual(g);
          break;
        }
      }
    }
  });
});
