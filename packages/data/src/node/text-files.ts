import { existsSync, readFileSync } from "node:fs";
import { type ColaSplit, parseColaTsv } from "../cola.js";
import { DatasetNotFoundError } from "../errors.js";
import { parseVocab } from "../wordpiece.js";

function readText(path: string, what: string, fix: string): string {
  if (!existsSync(path)) throw new DatasetNotFoundError(`${what} ${path} not found; ${fix}`);
  return readFileSync(path, "utf8");
}

/** Reads a CoLA TSV file (GLUE train/dev, raw in_domain/out_of_domain, or the headered test file). */
export function readColaTsv(path: string): ColaSplit {
  return parseColaTsv(
    readText(path, "CoLA file", "pass the path of a CoLA .tsv (e.g. cola_public/raw/in_domain_train.tsv or GLUE CoLA/train.tsv)"),
    path,
  );
}

/** Reads a BERT vocab.txt (one token per line). */
export function readVocabFile(path: string): string[] {
  return parseVocab(readText(path, "vocab file", "pass the vocab.txt that came with the BERT checkpoint"), path);
}
