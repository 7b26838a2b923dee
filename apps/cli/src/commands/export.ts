import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type TransformerModel, createModel, modelFromConfig } from "@trex/models";
import { exportOnnx, importOnnx, inputSpecFor, maxAbsDiff, modelLogits, onnxModelInfo, seededInputs } from "@trex/onnx";
import { runOnnxRuntime } from "@trex/onnx/node";
import type { TrexRegistry } from "@trex/registry";
import { loadTensors } from "@trex/tensor";
import { modelRefKind, resolveModel } from "@trex/train";
import { type Command, Option } from "commander";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { writeFileAtomic } from "../output-file.js";
import { paramOption, resolveParams } from "../param-option.js";

interface ExportOptions {
  model: string;
  weights?: string;
  method?: string;
  param?: string[];
  out: string;
  verify?: boolean;
  json?: boolean;
}

// Exported logits must match ours to this (the acceptance bound of @trex/onnx's tests).
const VERIFY_TOL = 1e-4;

/**
 * --model: an .onnx file (imported by structure), a TReX checkpoint (its methods re-applied through the
 * registry), a registered model id, or a built-in @trex/models id.
 */
async function loadModel(registry: TrexRegistry, options: ExportOptions, cwd: string): Promise<TransformerModel> {
  const asPath = resolve(cwd, options.model);
  let model: TransformerModel;
  const isPath = options.model.endsWith(".onnx") || modelRefKind(options.model, { cwd }) === "checkpoint";
  const bytes = isPath && existsSync(asPath) ? new Uint8Array(await readFile(asPath)) : null;
  if (bytes && new TextDecoder().decode(bytes.subarray(0, 4)) === "TRXC") {
    model = (await resolveModel(options.model, { cwd, registry: registry.methods })).model;
  } else if (isPath) {
    if (!bytes) throw new CliError(`--model ${options.model}: no such file ${asPath}`);
    const imported = importOnnx(bytes);
    model = modelFromConfig(imported.config);
    model.loadNamed(imported.named);
  } else if (registry.models.has(options.model) && registry.models.get(options.model).create) {
    model = (await registry.models.get(options.model).create?.({})) as TransformerModel;
  } else {
    model = createModel(options.model);
  }
  if (options.weights) {
    // A TRXW checkpoint (saveTensors) holds weights under canonical names, no architecture.
    const report = model.loadNamed(loadTensors(new Uint8Array(await readFile(resolve(cwd, options.weights)))));
    if (report.loaded.length === 0) throw new CliError(`--weights ${options.weights} loaded no tensor into ${options.model}`);
  }
  return model.eval();
}

export function register(program: Command, context: CliContext): void {
  program
    .command("export")
    .description("export a model (optionally transformed by a method) to ONNX, opset 17, dynamic batch")
    .requiredOption("--model <id|file>", "a model id (see `trex list models`), a checkpoint (.trxc) or an .onnx file to re-export")
    .option("--weights <file.trxw>", "load canonical-name weights from a TRXW checkpoint first")
    .option("--method <id>", "apply a method plugin's `apply(model, params)` before exporting")
    .addOption(paramOption())
    .requiredOption("--out <file.onnx>", "where to write (atomically: nothing is left on failure)")
    .addOption(new Option("--verify", "run the written graph in onnxruntime and compare its logits with ours"))
    .addOption(new Option("--json", "print machine-readable JSON"))
    .action(async (options: ExportOptions) => {
      const registry = await context.registry();
      let model = await loadModel(registry, options, context.cwd);
      if (options.method !== undefined) {
        const method = registry.methods.get(options.method);
        if (!method.apply) throw new CliError(`method "${method.id}" has no apply(model, params), so it cannot transform a model for export`);
        model = (await method.apply(model, resolveParams(method.params, options.param ?? []))) as TransformerModel;
      } else if (options.param?.length) {
        throw new CliError("--param needs --method <id>");
      }
      const exported = exportOnnx(model, { docString: `trex export --model ${options.model}${options.method ? ` --method ${options.method}` : ""}` });
      let verify: { max_abs_diff: number } | undefined;
      if (options.verify) {
        const feeds = seededInputs(inputSpecFor(model.config), { seed: 0, batch: 2 });
        const roles = exported.inputs.map((name) => ({ role: name as "pixel_values", name }));
        const diff = maxAbsDiff(modelLogits(model, feeds), await runOnnxRuntime(exported.bytes, roles, feeds));
        if (!(diff <= VERIFY_TOL)) throw new CliError(`the exported graph's logits differ from ours by ${diff} (> ${VERIFY_TOL}); nothing was written`);
        verify = { max_abs_diff: diff };
      }
      const out = resolve(context.cwd, options.out);
      await writeFileAtomic(out, exported.bytes);
      const info = onnxModelInfo(exported.bytes);
      const summary = { out, bytes: exported.bytes.length, opset: info.opset, inputs: info.inputs, outputs: info.outputs, initializers: info.initializers.length, ...(verify ?? {}) };
      if (options.json) context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        context.stdout.write(
          `wrote ${out} (${summary.bytes} bytes, opset ${summary.opset}, inputs ${summary.inputs.join(", ")}, ${summary.initializers} initializers)${verify ? `; onnxruntime max_abs_diff ${verify.max_abs_diff.toExponential(2)}` : ""}\n`,
        );
      }
    });
}
