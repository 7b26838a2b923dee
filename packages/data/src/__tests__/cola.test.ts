import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseColaTsv } from "../cola.js";
import { DatasetNotFoundError, TextFormatError } from "../errors.js";
import { readColaTsv, readVocabFile } from "../node/text-files.js";

// Lines in the format of CoLA's in_domain_train.tsv.
const TRAIN = [
  "gj04\t1\t\tOur friends won't buy this analysis, let alone the next one we propose.",
  "gj04\t0\t*\tThe more we study verbs, the crazier they get get.",
  "",
  "clc95\t1\t?\tThey drank the pub.",
  "",
].join("\n");

describe("parseColaTsv", () => {
  it("reads the 4-column format", () => {
    const s = parseColaTsv(TRAIN);
    expect(s.labelled).toBe(true);
    expect(s.sentences).toEqual([
      "Our friends won't buy this analysis, let alone the next one we propose.",
      "The more we study verbs, the crazier they get get.",
      "They drank the pub.",
    ]);
    expect([...s.labels]).toEqual([1, 0, 1]);
    expect(s.sources).toEqual(["gj04", "gj04", "clc95"]);
    expect(s.markers).toEqual(["", "*", "?"]);
  });

  it("reads the headered test format (CRLF too) as unlabelled", () => {
    const s = parseColaTsv("index\tsentence\r\n0\tBill whistled past the house.\r\n1\tThe car honked its way down the road.\r\n");
    expect(s.labelled).toBe(false);
    expect(s.sentences).toEqual(["Bill whistled past the house.", "The car honked its way down the road."]);
    expect([...s.labels]).toEqual([-1, -1]);
    expect(s.sources).toEqual(["0", "1"]);
  });

  it("malformed lines → TextFormatError with the line number", () => {
    const cases: [string, RegExp, number][] = [
      ["a\t1\t\tok.\nb\t2\t\tbad label.", /f\.tsv:2: expected label 0 or 1 in column 2 but found "2"/, 2],
      ["a\t1\tok.", /f\.tsv:1: expected 4 tab-separated columns .* found 3/, 1],
      ["a\t1\t\tok.\n\n\na\t0\t*\t\t", /f\.tsv:4: expected 4 .* found 5/, 4],
      ["a\t1\t\t  ", /f\.tsv:1: empty sentence/, 1],
      ["index\tsentence\n0\tok.\n1\tx\ty", /f\.tsv:3: expected 2 tab-separated columns/, 3],
      ["index\tsent\n0\tok.", /f\.tsv:1: expected the test header/, 1],
    ];
    for (const [text, re, line] of cases) {
      let err: unknown;
      try {
        parseColaTsv(text, "f.tsv");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TextFormatError);
      expect((err as TextFormatError).message).toMatch(re);
      expect((err as TextFormatError).line).toBe(line);
    }
  });

  it("file readers name missing files", () => {
    const dir = mkdtempSync(join(tmpdir(), "cola-"));
    writeFileSync(join(dir, "train.tsv"), TRAIN);
    writeFileSync(join(dir, "vocab.txt"), "[PAD]\n[UNK]\n");
    expect(readColaTsv(join(dir, "train.tsv")).sentences).toHaveLength(3);
    expect(readVocabFile(join(dir, "vocab.txt"))).toEqual(["[PAD]", "[UNK]"]);
    expect(() => readColaTsv(join(dir, "dev.tsv"))).toThrow(DatasetNotFoundError);
    expect(() => readColaTsv(join(dir, "dev.tsv"))).toThrow(/dev\.tsv not found/);
  });
});
