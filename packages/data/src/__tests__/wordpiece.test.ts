import { describe, expect, it } from "vitest";
import { DataOptionError, TextFormatError } from "../errors.js";
import { basicTokenize, parseVocab, WordPieceTokenizer, wordpiece } from "../wordpiece.js";

// Hand-written vocab; the expected tokenizations below are worked out by hand from BERT's rules.
const VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "want", "##want", "##ed", "wa", "un", "runn", "##ing", ",", "##aff", "##able", "the", "cafe", "!", "a", "##a"];

describe("basicTokenize", () => {
  it("cleans, lowercases, splits whitespace and punctuation (BERT's own test case)", () => {
    expect(basicTokenize(" \tHeLLo!how  \n Are yoU?  ")).toEqual(["hello", "!", "how", "are", "you", "?"]);
    expect(basicTokenize(" \tHeLLo!how  \n Are yoU?  ", { lowercase: false })).toEqual(["HeLLo", "!", "how", "Are", "yoU", "?"]);
  });

  it("strips accents only when uncased; drops control and zero-width format characters", () => {
    expect(basicTokenize("H\u00e9llo Caf\u00e9")).toEqual(["hello", "cafe"]);
    expect(basicTokenize("H\u00e9llo", { lowercase: false })).toEqual(["H\u00e9llo"]);
    expect(basicTokenize("a\u0000b\u200bc\ufffdd\u0007e")).toEqual(["abcde"]);
    expect(basicTokenize("x\u00a0y\u3000z")).toEqual(["x", "y", "z"]); // Zs spaces split
  });

  it("isolates CJK ideographs and treats ASCII symbols as punctuation", () => {
    expect(basicTokenize("ah\u535a\u63a8zz")).toEqual(["ah", "\u535a", "\u63a8", "zz"]);
    expect(basicTokenize("ah\u535a\u63a8zz", { cjk: false })).toEqual(["ah\u535a\u63a8zz"]);
    expect(basicTokenize("$5^x`y don't")).toEqual(["$", "5", "^", "x", "`", "y", "don", "'", "t"]);
  });
});

describe("wordpiece", () => {
  const v = new Set(VOCAB);
  it("greedy longest match first with ## continuations", () => {
    expect(wordpiece("unwanted", v)).toEqual(["un", "##want", "##ed"]);
    expect(wordpiece("running", v)).toEqual(["runn", "##ing"]);
    expect(wordpiece("unaffable", v)).toEqual(["un", "##aff", "##able"]);
    expect(wordpiece("aaa", v)).toEqual(["a", "##a", "##a"]);
  });

  it("unmatchable words and words over 100 characters become [UNK]", () => {
    expect(wordpiece("unwantedx", v)).toEqual(["[UNK]"]);
    expect(wordpiece("xyz", v)).toEqual(["[UNK]"]);
    expect(wordpiece("a".repeat(100), v)).toHaveLength(100);
    expect(wordpiece("a".repeat(101), v)).toEqual(["[UNK]"]);
  });
});

describe("WordPieceTokenizer", () => {
  const tok = new WordPieceTokenizer(VOCAB);
  it("tokenizes text (BERT's test: 'UNwant\\u00E9d,running')", () => {
    expect(tok.tokenize("UNwant\u00e9d,running")).toEqual(["un", "##want", "##ed", ",", "runn", "##ing"]);
    expect(tok.tokenize("the [MASK] unwantedX")).toEqual(["the", "[MASK]", "[UNK]"]);
  });

  it("frames, pads and masks a single sentence", () => {
    const e = tok.encode("Unaffable caf\u00e9!", undefined, { maxLength: 9 });
    expect(e.tokens).toEqual(["[CLS]", "un", "##aff", "##able", "cafe", "!", "[SEP]"]);
    expect([...e.inputIds]).toEqual([2, 9, 13, 14, 16, 17, 3, 0, 0]);
    expect([...e.attentionMask]).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect([...e.tokenTypeIds]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(tok.encode("the", undefined, { padding: false }).inputIds.length).toBe(3);
  });

  it("pairs: token types and longest-first truncation (ties trim the second)", () => {
    const e = tok.encode("the want", "running", { maxLength: 10 });
    expect(e.tokens).toEqual(["[CLS]", "the", "want", "[SEP]", "runn", "##ing", "[SEP]"]);
    expect([...e.tokenTypeIds]).toEqual([0, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
    // 5 + 2 pieces with room for 4: the longer first segment loses 3 (5→2), no tie reached.
    expect(tok.encode("un un un un un", "runn runn", { maxLength: 7 }).tokens).toEqual(["[CLS]", "un", "un", "[SEP]", "runn", "runn", "[SEP]"]);
    // 2 + 2 pieces with room for 3: a tie, which trims the second segment.
    expect(tok.encode("un un", "runn runn", { maxLength: 6 }).tokens).toEqual(["[CLS]", "un", "un", "[SEP]", "runn", "[SEP]"]);
    expect(tok.encode("un un un", undefined, { maxLength: 4 }).tokens).toEqual(["[CLS]", "un", "un", "[SEP]"]);
  });

  it("encodeBatch lays examples out row-major", () => {
    const b = tok.encodeBatch(["the", "want the"], { maxLength: 5 });
    expect([...b.inputIds]).toEqual([2, 15, 3, 0, 0, 2, 5, 15, 3, 0]);
    expect([...b.attentionMask]).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 0]);
  });

  it("vocab parsing and validation", () => {
    expect(parseVocab("[PAD]\r\n[UNK]\r\nx\r\n")).toEqual(["[PAD]", "[UNK]", "x"]);
    expect(() => parseVocab("a\nb\na\n", "v.txt")).toThrow(TextFormatError);
    expect(() => parseVocab("a\nb\na\n", "v.txt")).toThrow(/v\.txt:3: token "a" already appears on line 1/);
    expect(() => new WordPieceTokenizer(["[PAD]", "x"])).toThrow(DataOptionError);
    expect(() => tok.encode("x", "y", { maxLength: 2 })).toThrow(/maxLength must be an integer ≥ 3/);
  });
});
