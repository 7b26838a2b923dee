import { accuracy as acc, mcc as matthews } from "@trex/data";
import { noGrad } from "@trex/tensor";
/** Arg-max predictions of `model` (eval mode, no gradients) on every example of `data`. */
export function predict(model, data, batchSize = 200, progress) {
    const out = new Int32Array(data.count);
    const wasTraining = model.training;
    model.eval();
    try {
        noGrad(() => {
            for (let start = 0; start < data.count; start += batchSize) {
                const idx = Int32Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
                const { inputs } = data.batch(idx);
                const logits = model.forward(inputs, { train: false }).logits;
                const c = logits.shape[1];
                for (let r = 0; r < idx.length; r++) {
                    let best = 0;
                    for (let j = 1; j < c; j++)
                        if (logits.data[r * c + j] > logits.data[r * c + best])
                            best = j;
                    out[start + r] = best;
                }
                progress?.write(`  evaluated ${start + idx.length}/${data.count}\n`);
            }
        });
    }
    finally {
        model.train(wasTraining);
    }
    return out;
}
/** Accuracy and MCC of `model` on `data`. */
export function evaluate(model, data, options = {}) {
    const predictions = predict(model, data, options.batchSize, options.progress);
    return { accuracy: acc(predictions, data.labels), mcc: matthews(predictions, data.labels), count: data.count, predictions };
}
//# sourceMappingURL=evaluate.js.map