/**
 * Config validation at size (`npm run bench`): a 5 MB stack file read, parsed and validated the way
 * `plan` does it, once valid (many lines and assets) and once with tens of thousands of problems
 * (unknown keys), each located at its line:col. Time grows linearly with the file; no test times it.
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

function validate(dir: string, stack: string, text: string): void {
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
    const t = performance.now();
    const file = loadStackFile(dir, stack);
    const located = describeProblems(file, validateStackConfig(file.config, { fromStackFile: true }));
    const ms = performance.now() - t;
    console.log(`${`validate ${(text.length / 2 ** 20).toFixed(1)} MB stack file, ${located.length} problems located`.padEnd(58)} ${`${ms.toFixed(0)} ms`.padStart(9)}`);
}

export function benchConfig(): void {
    console.log("\nConfig bench — read, parse, validate and locate every problem of a large stack file\n");
    const dir = mkdtempSync(join(tmpdir(), "ef-bench-config-"));
    try {
        validate(dir, "lines", bigStack(9000, 0));
        validate(dir, "typos", bigStack(100, 100000));
        validate(dir, "lines-half", bigStack(4500, 0));
        validate(dir, "typos-half", bigStack(100, 50000));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    benchConfig();
}
