/**
 * Config validation at size (`npm run bench`): a 5 MB stack file read, parsed and validated the way
 * `plan` does it, once valid (many lines and assets) and once with tens of thousands of problems
 * (unknown keys), each located at its line:col. Each case runs at 1x and 4x the keys and prints the
 * ratio of the times: about 4 when validation grows linearly with the file, 16 if it grew with the
 * square of the key count. No test times it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { describeProblems, loadStackFile } from "../cli/stack-file";
import { validateStackConfig } from "../stacks/config";

const root = resolve(__dirname, "../..");

/** The sample site with `lines` lines of 20 assets, and `unknown` misspelt keys under its tags' neighbour. */
function bigStack(lines: number, unknown: number): string {
    const sample = parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> };
    const site = sample.config["edge-fabric:site"] as Record<string, Record<string, unknown>>;
    site.edge.lines = Array.from({ length: lines }, (_, l) => ({ name: `line${l}`, assets: Array.from({ length: 20 }, (_, a) => `line${l}-asset${a}`) }));
    for (let i = 0; i < unknown; i++) {
        site.archive[`unknownSetting${i}`] = i;
    }
    return stringify(sample);
}

/** Reads, validates and locates the problems of `text` as `plan` does; the milliseconds it took. */
function validate(dir: string, stack: string, text: string): number {
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
    const t = performance.now();
    const file = loadStackFile(dir, stack);
    const located = describeProblems(file, validateStackConfig(file.config, { fromStackFile: true }));
    const ms = performance.now() - t;
    console.log(`${`validate ${(text.length / 2 ** 20).toFixed(1)} MB stack file, ${located.length} problems located`.padEnd(58)} ${`${ms.toFixed(0)} ms`.padStart(9)}`);
    return ms;
}

/** The case at 1x and 4x its keys, and how the time grew. */
function growth(dir: string, name: string, stack: (scale: number) => string): void {
    const one = validate(dir, `${name}-1x`, stack(1));
    const four = validate(dir, `${name}-4x`, stack(4));
    console.log(`${`  ${name}: 4x the keys took`.padEnd(58)} ${`${(four / one).toFixed(1)}x`.padStart(9)}  (linear ~4x, quadratic ~16x)`);
}

export function benchConfig(): void {
    console.log("\nConfig bench — read, parse, validate and locate every problem of a large stack file\n");
    const dir = mkdtempSync(join(tmpdir(), "ef-bench-config-"));
    try {
        // A warm-up, so the 1x run is not also the one that compiles the validator.
        validate(dir, "warm-up", bigStack(100, 1000));
        growth(dir, "lines and assets", (scale) => bigStack(2250 * scale, 0));
        growth(dir, "unknown keys", (scale) => bigStack(100, 25000 * scale));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    benchConfig();
}
