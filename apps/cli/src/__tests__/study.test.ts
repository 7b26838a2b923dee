// `trex study` end to end: the built CLI on a seeded deit-fmnist init and tiny Fashion-MNIST slices, checked
// against separate `trex search` and `trex eval` runs with the same seeds; and that a failing study leaves
// no half-written output.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltCli, trex } from "./run-cli.js";

let dir: string;
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "trex-study-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny = ["--init", "--limit", "16", "--budget", "8", "--batch", "8", "--final-steps", "2", "--noise", "none"];

describe("trex study", () => {
  // Five CLI runs in a row: on a loaded 2-core machine this has taken over the preset's 120 s.
  it("writes JSON and Markdown whose numbers equal separate search and eval runs", { timeout: 300_000 }, async () => {
    const r = await trex(
      ["study", "--models", "deit-fmnist", "--datasets", "fmnist", ...tiny, "--edap-ratios", "10", "--eval-limit", "20", "--nonideal-seeds", "2", "--nonideal-limit", "8"]
        .concat(["--out", "out/s.json", "--markdown", "out/s.md", "--json"]),
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(JSON.parse(readFileSync(join(dir, "out/s.json"), "utf8"))).toEqual(j);
    expect(j.command).toBe(`trex ${j.argv.join(" ")}`);
    expect(j.argv.slice(0, 3)).toEqual(["study", "--models", "deit-fmnist"]);
    expect(j.seeds).toEqual({ search: 0, nonideal: [0, 1] });
    const m = j.models[0];
    const row = m.rows[0];
    // 10× lower EDAP needs 9 of the 12 encoders to reuse: 4 uniform candidates keep the test short.
    expect(row.requestedRatio).toBe(10);
    expect(row.search.hardware.ratios.edapReduction).toBeGreaterThanOrEqual(10);
    expect(row.search.reuseCount).toBe(row.target.reuseCount);

    const s = await trex(["search", "--model", "deit-fmnist", "--dataset", "fmnist", ...tiny, "--delay-target", String(row.target.delayTargetMs), "--out", "out/x.trxc", "--json"], dir);
    expect(s.code, s.stderr).toBe(0);
    const sj = JSON.parse(s.stdout);
    expect(sj.reuse_count).toBe(row.search.reuseCount);
    expect(sj.chosen.encoders).toEqual(row.search.pattern.encoders);
    expect(sj.candidates.map((c: { loss: number }) => c.loss)).toEqual(row.search.candidates.map((c: { loss: number }) => c.loss));
    expect(sj.final_loss).toBe(row.search.finalLoss);
    expect(sj.hardware).toEqual(row.search.hardware);

    const base = JSON.parse((await trex(["eval", "--model", "deit-fmnist", "--init", "--dataset", "fmnist", "--limit", "20", "--json"], dir)).stdout);
    expect(m.baseline.ideal.accuracy).toBe(base.accuracy);
    const ideal = JSON.parse((await trex(["eval", "--model", "out/x.trxc", "--dataset", "fmnist", "--limit", "20", "--json"], dir)).stdout);
    expect(row.ideal.accuracy).toBe(ideal.accuracy);
    const ni = await trex(["eval", "--model", "out/x.trxc", "--dataset", "fmnist", "--limit", "8", "--nonideal", "--preset", "fefet", "--seeds", "2", "--json"], dir);
    expect(ni.code, ni.stderr).toBe(0);
    expect(row.nonideal.values).toEqual(JSON.parse(ni.stdout).nonideal_accuracy.values);

    const md = readFileSync(join(dir, "out/s.md"), "utf8");
    expect(md).toContain(j.command);
    expect(md).toContain(`| deit-fmnist | 10 | ${row.target.delayTargetMs.toFixed(4)} | ${row.search.reuseCount} | ${row.search.pattern.label}: `);
  });

  it("leaves no output, and no temporary file, when the study or its writing fails", async () => {
    const out = join(dir, "atomic");
    mkdirSync(join(out, "taken.md"), { recursive: true });
    writeFileSync(join(out, "keep.json"), "old");
    // A ratio no reuse count reaches fails inside the study.
    const a = await trex(["study", "--models", "deit-fmnist", "--datasets", "fmnist", ...tiny, "--edap-ratios", "1e9", "--nonideal-seeds", "0", "--out", "atomic/keep.json"], dir);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toMatch(/no reuse count gives 1000000000× lower EDAP on fefet-32nm/);
    // The Markdown target is a directory: the study runs, then writing fails; the JSON is not left behind either.
    const b = await trex(
      ["study", "--models", "deit-fmnist", "--datasets", "fmnist", ...tiny, "--edap-ratios", "10", "--eval-limit", "4", "--nonideal-seeds", "0", "--out", "atomic/keep.json", "--markdown", "atomic/taken.md"],
      dir,
    );
    expect(b.code).not.toBe(0);
    expect(b.stderr).toMatch(/taken\.md/);
    expect(readFileSync(join(out, "keep.json"), "utf8")).toBe("old");
    expect(readdirSync(out).sort()).toEqual(["keep.json", "taken.md"]);
    expect(readdirSync(join(out, "taken.md"))).toEqual([]);
  });
});
