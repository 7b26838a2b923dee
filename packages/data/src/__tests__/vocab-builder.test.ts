import { describe, expect, it } from "vitest";
import { buildWordPieceVocab } from "../vocab-builder.js";
import { WordPieceTokenizer } from "../wordpiece.js";

describe("buildWordPieceVocab", () => {
  const corpus = ["The cat sat.", "The cats sat.", "The dogs sat!", "A dog ran."];

  it("hand-checked layout: specials, characters, frequent words, frequent suffixes", () => {
    // Basic tokens: the×3, sat×3, .×3, cat, cats, dogs, dog, ran, a, ! (×1). Characters, sorted:
    // ! . a c d e g h n o r s t → 5 specials + 13 + 13 "##" = 31 ids. vocabSize 35 leaves 4; wordShare 0.5
    // gives 2 to whole words: by count then text ".", "sat", "the" — "." is already a character, so
    // "sat", "the". With minCount 2 no suffix qualifies (every left-out word occurs once).
    const v = buildWordPieceVocab(corpus, { vocabSize: 35, wordShare: 0.5, minCount: 2 });
    const chars = ["!", ".", "a", "c", "d", "e", "g", "h", "n", "o", "r", "s", "t"];
    expect(v.slice(0, 5)).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
    expect(v.slice(5, 18)).toEqual(chars);
    expect(v.slice(18, 31)).toEqual(chars.map((c) => `##${c}`));
    expect(v.slice(31)).toEqual(["sat", "the"]);
    const v1 = buildWordPieceVocab(corpus, { vocabSize: 35, wordShare: 0.5, minCount: 1 });
    // minCount 1: suffixes of the left-out cat, cats, dogs, dog, ran are ##at, ##ts, ##ats, ##gs, ##ogs,
    // ##og, ##an, all counted once → alphabetical; the 2 remaining ids take ##an, ##at.
    expect(v1.slice(31)).toEqual(["sat", "the", "##an", "##at"]);
  });

  it("tokenizes every training sentence without [UNK], and is deterministic", () => {
    const sents = ["Unbelievable things happened yesterday.", "The believers gathered.", "Things happen."];
    const v = buildWordPieceVocab(sents, { vocabSize: 200, minCount: 1 });
    expect(buildWordPieceVocab(sents, { vocabSize: 200, minCount: 1 })).toEqual(v);
    expect(new Set(v).size).toBe(v.length);
    const tok = new WordPieceTokenizer(v);
    for (const s of sents) expect(tok.tokenize(s)).not.toContain("[UNK]");
    expect(tok.tokenize("things")).toEqual(["things"]);
  });

  it("rejects a budget that cannot hold the characters", () => {
    expect(() => buildWordPieceVocab(corpus, { vocabSize: 20 })).toThrow(/use at least 31/);
  });
});
