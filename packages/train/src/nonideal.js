import { idealEngine } from "@trex/tensor";
import { CrossbarEngine, listPresets } from "@trex/xbar";
import { TrainOptionError } from "./errors.js";
import { evaluate } from "./evaluate.js";
/**
 * Design ids: every @trex/xbar preset on both kinds of product, plus "hybrid" — FeFET for static weights
 * and SRAM for QKᵀ and S·V, the paper's best trade-off.
 */
export function designPresets() {
    const out = {};
    for (const p of listPresets())
        out[p] = { static: p, dynamic: p };
    out.hybrid = { static: "fefet", dynamic: "sram" };
    return out;
}
export function getDesignPreset(id) {
    const p = designPresets()[id];
    if (!p)
        throw new TrainOptionError(`unknown crossbar preset "${id}"; known: ${Object.keys(designPresets()).join(", ")}`);
    return p;
}
/**
 * Accuracy with the crossbar non-idealities simulated: for each seed a fresh CrossbarEngine (programming
 * variation, read noise, ADC quantisation drawn from that seed) runs every static and dynamic product of
 * the model. std is the sample standard deviation (n − 1; 0 for one seed). The model's engines are
 * restored to ideal afterwards.
 */
export function evaluateNonideal(model, data, options) {
    const design = getDesignPreset(options.preset);
    if (options.seeds.length === 0)
        throw new TrainOptionError("nonideal evaluation needs at least one seed");
    const values = [];
    const mcc = [];
    try {
        for (const seed of options.seeds) {
            const engine = new CrossbarEngine({ static: design.static, dynamic: design.dynamic, seed });
            model.setEngines(() => engine);
            const r = evaluate(model, data, { batchSize: options.batchSize });
            values.push(r.accuracy);
            mcc.push(r.mcc);
            options.progress?.write(`  ${options.preset} seed ${seed}: accuracy ${(100 * r.accuracy).toFixed(2)} %\n`);
        }
    }
    finally {
        model.setEngines(() => idealEngine);
    }
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
    return { mean, std, seeds: [...options.seeds], values, mcc };
}
//# sourceMappingURL=nonideal.js.map