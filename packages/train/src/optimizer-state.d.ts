import { type AdamW, type Parameter, Tensor } from "@trex/tensor";
/** AdamW's step count and moments as named tensors (`optim.m/<param>`, `optim.v/<param>`). */
export declare function exportAdamW(opt: AdamW, names: ReadonlyMap<Parameter, string>): {
    step: number;
    tensors: [string, Tensor][];
};
/** Restores what exportAdamW saved into a fresh AdamW over the same parameters. */
export declare function importAdamW(opt: AdamW, step: number, tensors: ReadonlyMap<string, Tensor>, byName: ReadonlyMap<string, Parameter>): void;
//# sourceMappingURL=optimizer-state.d.ts.map