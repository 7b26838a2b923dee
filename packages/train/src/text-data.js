import { gatherRows } from "@trex/data";
import { indexTensor } from "@trex/tensor";
/** Token target of [CLS], [SEP] and padding: no loss there. */
export const NO_TOKEN_TARGET = -1;
/** A sentence classification set (acceptability, CoLA), tokenized per batch with WordPiece. */
export class TextData {
    o;
    kind = "text";
    info;
    count;
    numClasses;
    labels;
    modelOverrides;
    tokenizer;
    constructor(o) {
        this.o = o;
        this.info = o.info;
        this.labels = o.labels;
        this.count = o.labels.length;
        this.numClasses = o.numClasses;
        // The embedding table needs exactly one row per vocabulary piece.
        this.modelOverrides = { vocabSize: o.tokenizer.vocab.length };
        this.tokenizer = { vocab: o.tokenizer.vocab, maxLength: o.maxLength };
    }
    batch(indices) {
        const texts = Array.from(indices, (i) => this.o.sentences[i]);
        const e = this.o.tokenizer.encodeBatch(texts, { maxLength: this.o.maxLength });
        // Trim the padding columns no example of this batch uses: masked positions do not change the
        // result, and attention cost grows with the square of the length.
        const full = this.o.maxLength;
        let len = 1;
        for (let r = 0; r < indices.length; r++)
            for (let c = len; c < full; c++)
                if (e.attentionMask[r * full + c] !== 0)
                    len = c + 1;
        const trim = (a) => {
            if (len === full)
                return a;
            const out = new Int32Array(indices.length * len);
            for (let r = 0; r < indices.length; r++)
                out.set(a.subarray(r * full, r * full + len), r * len);
            return out;
        };
        const shape = [indices.length, len];
        const tokenTargets = this.o.sites ? this.tokenTargets(indices, trim(e.attentionMask), len) : undefined;
        return {
            tokenTargets,
            inputs: {
                inputIds: indexTensor(trim(e.inputIds), shape),
                attentionMask: indexTensor(trim(e.attentionMask), shape),
                tokenTypeIds: indexTensor(trim(e.tokenTypeIds), shape),
            },
            labels: gatherRows(this.labels, 1, indices),
        };
    }
    /**
     * Per token of the trimmed batch: 0 (the classifier's "unacceptable") on every WordPiece of a damaged
     * word, 1 on the other word pieces, NO_TOKEN_TARGET on [CLS], [SEP] and padding.
     */
    tokenTargets(indices, mask, len) {
        const out = new Int32Array(indices.length * len).fill(NO_TOKEN_TARGET);
        const tok = this.o.tokenizer;
        for (let r = 0; r < indices.length; r++) {
            const words = this.o.sentences[indices[r]].split(" ");
            const damaged = new Set(this.o.sites[indices[r]] ?? []);
            let t = 1; // after [CLS]
            for (let w = 0; w < words.length; w++) {
                const pieces = tok.tokenize(words[w]).length;
                for (let k = 0; k < pieces && t < len; k++, t++)
                    if (mask[r * len + t] !== 0)
                        out[r * len + t] = damaged.has(w) ? 0 : 1;
            }
            // The last real position is [SEP]; a truncated sentence loses its tail's targets with it.
            let last = len - 1;
            while (last > 0 && mask[r * len + last] === 0)
                last--;
            out[r * len + last] = NO_TOKEN_TARGET;
        }
        return out;
    }
    take(n) {
        if (n >= this.count)
            return this;
        return this.subset(Int32Array.from({ length: n }, (_, i) => i));
    }
    subset(indices) {
        const sites = this.o.sites;
        return new TextData({
            ...this.o,
            sentences: Array.from(indices, (i) => this.o.sentences[i]),
            labels: gatherRows(this.labels, 1, indices),
            sites: sites ? Array.from(indices, (i) => sites[i]) : undefined,
        });
    }
}
//# sourceMappingURL=text-data.js.map