import { TextFormatError } from "./errors.js";

/** A CoLA-format split: labels are 1 (acceptable), 0 (unacceptable) or −1 (unlabelled test data). */
export interface ColaSplit {
  sentences: string[];
  labels: Int32Array;
  /** Source code of each sentence (column 1), or the index column of the headered test format. */
  sources: string[];
  /** The original author's judgement marker (column 3: "", "*", "?", "??", "#"); "" in test data. */
  markers: string[];
  /** false for the headered test format (`index<TAB>sentence`), which has no labels. */
  labelled: boolean;
}

/**
 * Parses GLUE CoLA TSV text: either 4 tab-separated columns without header
 * (source, label 0/1, original marker, sentence — train/dev and CoLA's raw files), or the test
 * format with the header `index<TAB>sentence`. Fields are not quoted. Blank lines are skipped;
 * any other malformed line throws a TextFormatError with its 1-based line number.
 */
export function parseColaTsv(text: string, name = "<cola.tsv>"): ColaSplit {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const out: ColaSplit = { sentences: [], labels: new Int32Array(0), sources: [], markers: [], labelled: true };
  const labels: number[] = [];
  const first = lines.findIndex((l) => l.trim() !== "");
  const headered = first >= 0 && lines[first].split("\t")[0] === "index";
  if (headered) {
    out.labelled = false;
    if (lines[first] !== "index\tsentence") {
      throw new TextFormatError(
        `${name}:${first + 1}: expected the test header "index<TAB>sentence" but found ${JSON.stringify(lines[first])}`,
        name,
        first + 1,
      );
    }
  }
  for (let i = headered ? first + 1 : 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    const cols = line.split("\t");
    const at = `${name}:${i + 1}`;
    const bad = (why: string): never => {
      throw new TextFormatError(`${at}: ${why} in ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`, name, i + 1);
    };
    if (headered) {
      if (cols.length !== 2) bad(`expected 2 tab-separated columns (index, sentence) but found ${cols.length}`);
      if (cols[1].trim() === "") bad("empty sentence");
      out.sources.push(cols[0]);
      out.markers.push("");
      out.sentences.push(cols[1]);
      labels.push(-1);
      continue;
    }
    if (cols.length !== 4) {
      bad(`expected 4 tab-separated columns (source, label, original marker, sentence) but found ${cols.length}; fields must not contain tabs`);
    }
    if (cols[1] !== "0" && cols[1] !== "1") bad(`expected label 0 or 1 in column 2 but found ${JSON.stringify(cols[1])}`);
    if (cols[3].trim() === "") bad("empty sentence in column 4");
    out.sources.push(cols[0]);
    labels.push(Number(cols[1]));
    out.markers.push(cols[2]);
    out.sentences.push(cols[3]);
  }
  out.labels = Int32Array.from(labels);
  return out;
}
