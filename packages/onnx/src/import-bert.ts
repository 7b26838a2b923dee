import { Collector } from "./collector.js";
import type { GraphView, NodeRef } from "./graph-view.js";
import {
  type LinearMatch,
  attentionCore,
  checkScale,
  geluFrom,
  headsFromReshape,
  layerNormFrom,
  linearFrom,
  linearsFrom,
} from "./patterns.js";
import { attrInt } from "./proto.js";
import type { BertConfig } from "@trex/models";
import type { ImportedModel } from "./types.js";

function folded(g: GraphView, l: LinearMatch): boolean {
  return l.node.node.opType === "MatMul" && g.initializer(g.in(l.node, 1)) !== null;
}

/** An embedding lookup Gather(table, ids) with a 2-D float initializer as table. */
function tableOf(g: GraphView, u: NodeRef) {
  if (u.node.opType !== "Gather" || attrInt(u.node, "axis", 0) !== 0) return null;
  const t = g.initializer(g.in(u, 0));
  return t && t.shape.length === 2 ? t : null;
}

/** Imports a HuggingFace BertForSequenceClassification graph from its integer inputs. */
export function importBert(g: GraphView, intInputs: string[]): ImportedModel {
  const c = new Collector();
  // Embedding tables gathered by graph inputs: the larger is the word table, the other the token types.
  const lookups: { input: string; node: NodeRef; table: NonNullable<ReturnType<typeof tableOf>> }[] = [];
  for (const name of intInputs) {
    for (const u of g.uses(name)) {
      const t = u.slot === 1 ? tableOf(g, u) : null;
      if (t) lookups.push({ input: name, node: u, table: t });
    }
  }
  if (lookups.length < 1 || lookups.length > 2) throw g.fail(`BERT embeddings: expected word and token-type lookups Gather(table, ids) on the inputs, found ${lookups.length}`);
  lookups.sort((a, b) => b.table.shape[0] - a.table.shape[0]);
  const [word, type] = lookups;
  const hidden = word.table.shape[1];
  const maskInputs = intInputs.filter((n) => n !== word.input && n !== type?.input);
  if (maskInputs.length !== 1) throw g.fail(`BERT: expected exactly one attention-mask input besides the ids, found ${maskInputs.length} (${maskInputs.join(", ")})`);
  c.add("bert.embeddings.word_embeddings.weight", word.table);

  // Sum of word, token-type and position embeddings (position table gathered by a computed index).
  let sum = g.out(word.node);
  let typeTable = type?.table;
  let posTable: NonNullable<ReturnType<typeof tableOf>> | null = null;
  for (let i = 0; i < 2; i++) {
    const add = g.use(sum, "Add", "BERT embeddings sum");
    const p = g.producer(g.other(add));
    const t = p ? tableOf(g, p) : null;
    if (!p || !t) throw g.fail("BERT embeddings: an embedding sum term is not a table lookup", add);
    if (type && p.node === type.node.node) typeTable = t;
    else posTable = t;
    sum = g.out(add);
  }
  if (!typeTable || !posTable) throw g.fail("BERT embeddings: missing the token-type or position table", g.producer(sum));
  c.add("bert.embeddings.token_type_embeddings.weight", typeTable);
  c.add("bert.embeddings.position_embeddings.weight", posTable);
  const embNorm = layerNormFrom(g, sum, hidden, "BERT embeddings LayerNorm");
  c.norm("bert.embeddings.LayerNorm", embNorm);
  const eps = embNorm.eps;

  let stream = embNorm.output;
  let layers = 0;
  let heads = 0;
  let intermediate = 0;
  for (;;) {
    const lins = linearsFrom(g, stream);
    if (lins.length === 0) break;
    const p = `bert.encoder.layer.${layers}`;
    const what = `encoder layer ${layers}`;
    if (lins.length !== 3) throw g.fail(`${what}: expected 3 Linear layers (query, key, value) reading the hidden states, found ${lins.length}`, g.producer(stream) ?? stream);
    // Split each projection into heads and tell q, k, v apart by where they enter the attention MatMuls.
    const split = lins.map((l) => {
      const rs = g.use(l.output, "Reshape", `${what} head split`);
      return { l, rs, hs: headsFromReshape(g, rs, hidden, `${what} head split`) };
    });
    const role = split.map((s) => {
      let cur = g.out(s.rs);
      for (let i = 0; i < 4; i++) {
        const us = g.uses(cur);
        const mm = us.find((u) => u.node.opType === "MatMul");
        if (mm) {
          const softmaxIn = g.producer(g.in(mm, 0))?.node.opType === "Softmax";
          return mm.slot === 0 ? "query" : softmaxIn ? "value" : "key";
        }
        if (us.length !== 1) break;
        cur = g.out(us[0]);
      }
      throw g.fail(`${what}: a projection does not reach an attention MatMul`, s.l.node);
    });
    const find = (r: "query" | "key" | "value") => {
      const i = role.indexOf(r);
      if (i < 0 || role.lastIndexOf(r) !== i) throw g.fail(`${what}: cannot identify the ${r} projection (roles found: ${role.join(", ")})`, split[0].l.node);
      return split[i];
    };
    const [q, k, v] = [find("query"), find("key"), find("value")];
    c.linear(`${p}.attention.self.query`, q.l, folded(g, q.l));
    c.linear(`${p}.attention.self.key`, k.l, folded(g, k.l));
    c.linear(`${p}.attention.self.value`, v.l, folded(g, v.l));
    heads = q.hs.heads;
    const core = attentionCore(g, g.out(q.rs), g.out(k.rs), g.out(v.rs), what);
    checkScale(g, core.scale, q.hs.headDim, q.rs, what);
    if (!core.masked) throw g.fail(`${what}: the attention mask is not added to the scores`, q.rs);
    const dense = linearFrom(g, core.merged, `${what} attention.output.dense`, hidden);
    c.linear(`${p}.attention.output.dense`, dense, folded(g, dense));
    const res1 = g.uses(dense.output, "Add").find((u) => g.other(u) === stream);
    if (!res1) throw g.fail(`${what}: attention output is not added to the layer input`, dense.node);
    const ln1 = layerNormFrom(g, g.out(res1), hidden, `${what} attention.output.LayerNorm`);
    c.norm(`${p}.attention.output.LayerNorm`, ln1);
    const inter = linearFrom(g, ln1.output, `${what} intermediate.dense`, hidden);
    c.linear(`${p}.intermediate.dense`, inter, folded(g, inter));
    intermediate = inter.weight.shape[0];
    const act = geluFrom(g, inter.output, `${what} intermediate`);
    const out = linearFrom(g, act, `${what} output.dense`, intermediate);
    c.linear(`${p}.output.dense`, out, folded(g, out));
    const res2 = g.uses(out.output, "Add").find((u) => g.other(u) === ln1.output);
    if (!res2) throw g.fail(`${what}: FFN output is not added to the attention output`, out.node);
    const ln2 = layerNormFrom(g, g.out(res2), hidden, `${what} output.LayerNorm`);
    c.norm(`${p}.output.LayerNorm`, ln2);
    stream = ln2.output;
    layers++;
  }
  if (layers === 0) throw g.fail("BERT: no encoder layer (3 Linear layers reading the embeddings) found", g.producer(stream) ?? stream);

  // Pooler: Gather(axis=1, 0) → Linear → Tanh; classifier Linear → logits.
  const cls = g.uses(stream, "Gather").find((u) => u.slot === 0 && attrInt(u.node, "axis", 0) === 1 && g.scalar(g.in(u, 1)) === 0);
  if (!cls) throw g.fail("BERT pooler: expected Gather(axis=1, index 0) of the last hidden states", g.producer(stream) ?? stream);
  const pooler = linearFrom(g, g.out(cls), "bert.pooler.dense", hidden);
  c.linear("bert.pooler.dense", pooler, folded(g, pooler));
  const tanh = g.use(pooler.output, "Tanh", "BERT pooler activation");
  const classifier = linearFrom(g, g.out(tanh), "classifier", hidden);
  c.linear("classifier", classifier, folded(g, classifier));
  if (!g.isGraphOutput(classifier.output)) throw g.fail(`classifier output "${classifier.output}" is not a graph output`, classifier.node);

  const config: BertConfig = {
    family: "bert",
    name: "onnx:bert",
    vocabSize: word.table.shape[0],
    hidden,
    layers,
    heads,
    intermediate,
    maxPositions: posTable.shape[0],
    typeVocabSize: typeTable.shape[0],
    eps,
    numClasses: classifier.weight.shape[0],
    // The graph has a dynamic sequence axis; price the structure at the full position table.
    sequenceLength: posTable.shape[0],
    padTokenId: 0,
    seed: 0,
  };
  const inputs: ImportedModel["inputs"] = [
    { role: "input_ids", name: word.input },
    { role: "attention_mask", name: maskInputs[0] },
    ...(type ? [{ role: "token_type_ids" as const, name: type.input }] : []),
  ];
  return { family: "bert", config, named: c.named, matches: c.matches, inputs, output: classifier.output };
}
