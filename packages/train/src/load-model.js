import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createModel, listModels, modelFromConfig } from "@trex/models";
import { validateParams } from "@trex/registry";
import { checkpointBytes, hasCheckpoint } from "@trex/zoo";
import { decodeCheckpoint } from "./checkpoint.js";
import { CheckpointError, ModelResolveError } from "./errors.js";
/** Re-applies recorded methods, in order, through their registry plugins. */
export async function applyMethods(model, methods, registry) {
    let m = model;
    for (const rec of methods) {
        if (!registry)
            throw new ModelResolveError(`the checkpoint applies method "${rec.id}"; load it with a registry that has the method's plugin`);
        const plugin = registry.get(rec.id);
        if (!plugin.apply)
            throw new ModelResolveError(`method "${rec.id}" has no apply(); it cannot rebuild this checkpoint's model`);
        m = (await plugin.apply(m, validateParams(plugin.params, rec.params)));
    }
    return m;
}
/** Builds the model a checkpoint describes: base config → recorded methods → weights (strict by name). */
export async function modelFromCheckpoint(ckpt, registry, name = "checkpoint") {
    const base = modelFromConfig(ckpt.header.model.config);
    const model = await applyMethods(base, ckpt.header.methods, registry);
    const weights = [...ckpt.tensors].filter(([k]) => !k.startsWith("optim."));
    try {
        model.loadNamed(weights);
    }
    catch (e) {
        throw new CheckpointError(`${name}: its weights do not fit the rebuilt model (${e.message})`);
    }
    model.eval();
    return model;
}
const looksLikePath = (s) => s.includes("/") || s.includes("\\") || s.endsWith(".trxc");
/** What `--model` refers to, without loading anything: a checkpoint file, an embedded checkpoint, or a fresh init. */
export function modelRefKind(idOrPath, options = {}) {
    const path = resolve(options.cwd ?? process.cwd(), idOrPath);
    if (looksLikePath(idOrPath) || (existsSync(path) && !listModels().includes(idOrPath)))
        return "checkpoint";
    return !options.preferInit && hasCheckpoint(idOrPath) ? "embedded" : "init";
}
/**
 * `--model`: a checkpoint path, else an id with an embedded checkpoint (@trex/zoo), else a registered
 * architecture with seeded init (`overrides` apply to fresh inits only, e.g. BERT's vocabSize).
 */
export async function resolveModel(idOrPath, options = {}) {
    const path = resolve(options.cwd ?? process.cwd(), idOrPath);
    const kind = modelRefKind(idOrPath, options);
    if (kind === "checkpoint") {
        if (!existsSync(path))
            throw new ModelResolveError(`checkpoint ${path} does not exist; pass a file written by \`trex train --out\`, or a model id (${listModels().join(", ")})`);
        const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(path)), path);
        return { model: await modelFromCheckpoint(ckpt, options.registry ?? null, path), header: ckpt.header, source: `checkpoint ${path}`, tensors: ckpt.tensors };
    }
    if (kind === "embedded") {
        const ckpt = decodeCheckpoint(checkpointBytes(idOrPath), `embedded checkpoint ${idOrPath}`);
        return { model: await modelFromCheckpoint(ckpt, options.registry ?? null, idOrPath), header: ckpt.header, source: `embedded ${idOrPath}`, tensors: ckpt.tensors };
    }
    if (!listModels().includes(idOrPath)) {
        throw new ModelResolveError(`unknown model "${idOrPath}"; known: ${listModels().join(", ")} (or a checkpoint path)`);
    }
    const model = createModel(idOrPath, options.overrides ?? {});
    return { model, header: null, source: `init ${idOrPath} (seed ${model.config.seed})`, tensors: null };
}
//# sourceMappingURL=load-model.js.map