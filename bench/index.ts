/**
 * `npm run bench`: KQL engine timings, round trips per deploy, plan time per site and fleet figures.
 * KQL engine: In-process figures separate the one-time cost of loading
 * Kusto.Language from the work; end-to-end figures run the CLI in a fresh process, with an empty
 * cache (cold) and again with the cache the first run left (warm).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DiskCache } from "../cli/kql-cache";
import { SourceFile, cacheStats, diffSchemas, loadSchema, readCslSchema, renderSchema, resetMemoryCache } from "../kusto";
import { kustoLanguage } from "../kusto/language";
import { generateSchema } from "./generate";
import { FIXTURE_ARCHIVE, medallionFiles as medallion, siteMedallionFiles } from "../tests/kusto/helpers";
import { benchPlan } from "./plan";
import { benchRoundTrips } from "./roundtrips";
import { benchFleet } from "./fleet";
import { benchConfig } from "./config";

const root = resolve(__dirname, "../..");
const ms = (t: number): string => `${(performance.now() - t).toFixed(0)} ms`;


/** A no-op diff that is not empty is a bug, not a timing: stop the bench. */
function noOp(commands: number): void {
    if (commands !== 0) throw new Error(`expected a no-op diff, got ${commands} command(s)`);
}

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
    const t = performance.now();
    await work();
    const s = cacheStats();
    console.log(`${label.padEnd(58)} ${ms(t).padStart(9)}   (computed ${s.computed}, grammar runs ${s.grammarRuns}, cache hits ${s.memoryHits + s.storeHits})`);
}

async function main(): Promise<void> {
    const cacheDir = mkdtempSync(join(tmpdir(), "ef-bench-cache-"));
    const cache = new DiskCache(cacheDir);
    const generated = generateSchema(200);
    const commands = generated.reduce((n, f) => n + f.text.split("\n\n").length, 0);
    console.log(`KQL engine bench — medallion: ${medallion().length} files; generated: 200 tables, ${commands} commands in ${generated.length} files\n`);

    const t = performance.now();
    kustoLanguage();
    console.log(`${"load Kusto.Language".padEnd(58)} ${ms(t).padStart(9)}`);

    const cold = (): void => resetMemoryCache();
    cold();
    await timed("check medallion, cold (empty cache, first analysis)", () => loadSchema(medallion(), { cache }));
    cold();
    await timed("check 200 tables, cold", () => loadSchema(generated, { cache }));
    cold();
    await timed("check medallion, warm (disk cache)", () => loadSchema(medallion(), { cache }));
    cold();
    await timed("check 200 tables, warm (disk cache)", () => loadSchema(generated, { cache }));

    const server = readFileSync(join(root, "tests/fixtures/csl/medallion-server.csl"), "utf8");
    const desired200 = (await loadSchema(generated, { cache })).model;
    const current200 = renderSchema(desired200);
    const changed = generated.map((f, i) =>
        i % 2 ? f : { ...f, text: f.text.replace(/Note: string\)/g, "Note: string, Extra: long)").replace(/Note = tostring\(Data\.n\)/g, "Note = tostring(Data.n), Extra = tolong(Data.e)") },
    );
    const diff = async (desired: SourceFile[], current: string): Promise<number> => {
        const [d, c] = await Promise.all([loadSchema(desired, { cache }), readCslSchema(current, "current.csl", { cache })]);
        return diffSchemas(c.model, d.model).commands.length;
    };
    for (const state of ["cold", "warm"] as const) {
        if (state === "cold") rmSync(cacheDir, { recursive: true, force: true });
        cold();
        await timed(`diff medallion vs server csl, no-op, ${state}`, async () => noOp(await diff(siteMedallionFiles(), server)));
        cold();
        await timed(`diff 200 tables, no-op, ${state}`, async () => noOp(await diff(generated, current200)));
        cold();
        let n = 0;
        await timed(`diff 200 tables, 50 tables changed, ${state}`, async () => void (n = await diff(changed, current200)));
        if (state === "warm") console.log(`${"".padEnd(60)}(${n} commands)`);
    }

    // End to end: a fresh process each time, as a CI job runs it.
    const dir = mkdtempSync(join(tmpdir(), "ef-bench-kql-"));
    for (const f of generated) {
        mkdirSync(join(dir, "generated"), { recursive: true });
        writeFileSync(join(dir, f.path), f.text);
    }
    const e2eCache = mkdtempSync(join(tmpdir(), "ef-bench-e2e-"));
    const cli = (label: string, args: string[]): number => {
        const t0 = performance.now();
        // Cold empties both caches: the engine's and V8's compiled code (Node 22.1+; older Node has none).
        const env = { ...process.env, EDGE_FABRIC_CACHE_DIR: e2eCache, NODE_COMPILE_CACHE: join(e2eCache, "v8") };
        const r = spawnSync(process.execPath, [join(root, "bin/edge-fabric.js"), ...args], { env, cwd: root });
        const took = performance.now() - t0;
        console.log(`${label.padEnd(58)} ${`${took.toFixed(0)} ms`.padStart(9)}   (exit ${r.status})`);
        return took;
    };
    console.log("");
    cli("CLI `kql check kql`, fresh process, cold cache", ["kql", "check", "kql"]);
    cli("CLI `kql check kql`, fresh process, warm cache", ["kql", "check", "kql"]);
    // The goal: `kql check` + `kql diff` of 200 tables / 800 commands, each a fresh process, cold <= 2 s and warm <= 0.3 s.
    const current200File = join(dir, "current200.csl");
    writeFileSync(current200File, current200);
    const checkDiff = (state: "cold" | "warm"): void => {
        if (state === "cold") rmSync(e2eCache, { recursive: true, force: true });
        const check = cli(`CLI \`kql check\` 200 tables, fresh process, ${state} cache`, ["kql", "check", join(dir, "generated")]);
        const diff = cli(`CLI \`kql diff\` 200 tables no-op, fresh process, ${state} cache`, ["kql", "diff", join(dir, "generated"), "--current", current200File]);
        console.log(`${`  check + diff, ${state} (goal ${state === "cold" ? "2000" : "300"} ms)`.padEnd(58)} ${`${(check + diff).toFixed(0)} ms`.padStart(9)}`);
    };
    checkDiff("cold");
    checkDiff("warm");
    const serverFile = join(root, "tests/fixtures/csl/medallion-server.csl");
    cli("CLI `kql diff kql --current server.csl`, cold csl cache", ["kql", "diff", "kql", "--current", serverFile, "--archive-container", FIXTURE_ARCHIVE]);
    cli("CLI `kql diff kql --current server.csl`, warm cache", ["kql", "diff", "kql", "--current", serverFile, "--archive-container", FIXTURE_ARCHIVE]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(e2eCache, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });

    await benchRoundTrips();
    await benchPlan();
    benchConfig();
    console.log("\nFleet bench\n");
    await benchFleet();
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
