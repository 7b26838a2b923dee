import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { checkOnnx } from "@trex/onnx/node";
import { type Command, Option } from "commander";
import type { CliContext } from "../context.js";
import { int } from "../numeric-options.js";

export function register(program: Command, context: CliContext): void {
  program
    .command("check-onnx")
    .description("import a PyTorch ONNX export (DeiT, DeiT-distilled, LV-ViT, BERT) and compare our engine with onnxruntime on seeded inputs")
    .argument("<file>", "the .onnx file")
    .addOption(new Option("--json", "print machine-readable JSON"))
    .option("--seed <n>", "seed of the generated inputs", "0")
    .option("--batch <n>", "batch size of the generated inputs", "2")
    .action(async (file: string, options: { json?: boolean; seed: string; batch: string }) => {
      const path = resolve(context.cwd, file);
      const bytes = new Uint8Array(await readFile(path));
      const report = await checkOnnx(bytes, { seed: int(options.seed, "--seed", 0), batch: int(options.batch, "--batch", 1) });
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ file: path, ...report }, null, 2)}\n`);
        return;
      }
      const rows: [string, string][] = [
        ["file", path],
        ["family", report.family],
        ["matched_params", `${report.matched_params} tensors (${report.matched_values} values)`],
        ["max_abs_diff", `${report.max_abs_diff.toExponential(2)} (largest |logit| ${report.max_abs_logit.toFixed(3)})`],
        ["logits_shape", `[${report.logits_shape.join(", ")}]`],
        ["inputs", `seed ${report.seed}, batch ${report.batch}`],
      ];
      const width = Math.max(...rows.map(([k]) => k.length));
      context.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n`);
    });
}
