import { Tensor } from "@trex/tensor";
import { CheckpointError } from "./errors.js";
const internals = (opt) => opt;
/** AdamW's step count and moments as named tensors (`optim.m/<param>`, `optim.v/<param>`). */
export function exportAdamW(opt, names) {
    const s = internals(opt);
    const tensors = [];
    for (const [p, m] of s.m) {
        const name = names.get(p);
        const v = s.v.get(p);
        if (name === undefined || v === undefined)
            continue;
        tensors.push([`optim.m/${name}`, new Tensor(m.slice(), [m.length])], [`optim.v/${name}`, new Tensor(v.slice(), [v.length])]);
    }
    return { step: s.t, tensors };
}
/** Restores what exportAdamW saved into a fresh AdamW over the same parameters. */
export function importAdamW(opt, step, tensors, byName) {
    const s = internals(opt);
    s.t = step;
    s.m.clear();
    s.v.clear();
    for (const [key, t] of tensors) {
        const m = /^optim\.([mv])\/(.+)$/.exec(key);
        if (!m)
            continue;
        const p = byName.get(m[2]);
        if (!p)
            throw new CheckpointError(`optimizer state for "${m[2]}" has no matching parameter; resume with the model the checkpoint was saved from`);
        if (t.size !== p.size)
            throw new CheckpointError(`optimizer state for "${m[2]}" has ${t.size} values, the parameter ${p.size}`);
        (m[1] === "m" ? s.m : s.v).set(p, t.data.slice());
    }
}
//# sourceMappingURL=optimizer-state.js.map