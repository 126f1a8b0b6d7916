import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DiskCache } from "../../cli/kql-cache";
import { run } from "../../cli/main";
import { cacheStats, loadSchema, renderSchema, resetMemoryCache } from "../../kusto";
import { FIXTURE_ARCHIVE, repoRoot, siteMedallionFiles } from "../kusto/helpers";

const cacheDir = mkdtempSync(join(tmpdir(), "ef-outcome-cache-"));
process.env.EDGE_FABRIC_CACHE_DIR = cacheDir;

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
}

/** The engine's work during `work`: scans, grammar verdicts and analyses computed or read from the cache. */
async function engineWork<T>(work: () => Promise<T>): Promise<{ result: T; lookups: number }> {
    resetMemoryCache();
    const result = await work();
    const s = cacheStats();
    return { result, lookups: s.computed + s.memoryHits + s.storeHits };
}

const tmp = mkdtempSync(join(tmpdir(), "ef-outcome-"));
const kqlDir = join(repoRoot, "kql");
const archive = ["--archive-container", FIXTURE_ARCHIVE];

test("kql check over a folder already checked replays its outcome without the engine; an edited file is checked again", async () => {
    const dir = mkdtempSync(join(tmp, "check-"));
    writeFileSync(join(dir, "t.kql"), `.create table T (a: string)\n\n.create table T ingestion csv mapping "m" '[{"column":"b","DataType":"long"}]'\n`);
    const first = await engineWork(() => cli("kql", "check", dir));
    assert.equal(first.result.code, 0);
    assert.ok(first.lookups > 0);
    const again = await engineWork(() => cli("kql", "check", dir));
    assert.deepEqual(again.result, first.result);
    assert.equal(again.lookups, 0, "a replay does not touch the engine");
    writeFileSync(join(dir, "u.kql"), ".create table U (a: strin)\n");
    const edited = await engineWork(() => cli("kql", "check", dir));
    assert.equal(edited.result.code, 1);
    assert.ok(edited.lookups > 0);
    assert.match(edited.result.out.join("\n"), /u\.kql:1:\d+: error/);
});

test("kql diff replays notes, refusals and exit codes exactly; each flag and input is part of the key", async () => {
    const current = join(tmp, "newer.csl");
    writeFileSync(current, renderSchema((await loadSchema(siteMedallionFiles())).model).replace(", ValueBool:bool)", ", ValueBool:bool, Extra:string)"));
    const refused = await engineWork(() => cli("kql", "diff", kqlDir, "--current", current, ...archive));
    assert.equal(refused.result.code, 2);
    const replayed = await engineWork(() => cli("kql", "diff", kqlDir, "--current", current, ...archive));
    assert.deepEqual(replayed.result, refused.result);
    assert.equal(replayed.lookups, 0);
    const allowed = await cli("kql", "diff", kqlDir, "--current", current, "--allow-data-loss", ...archive);
    assert.deepEqual([allowed.code, allowed.out], [0, [".drop table Silver columns (Extra)"]]);
    // Without the archive container the export script is left out: other files, another outcome.
    const noArchive = await cli("kql", "diff", kqlDir, "--current", current, "--allow-data-loss");
    assert.match(noArchive.out.join("\n"), /\.drop continuous-export SilverToArchive/);
    const bad = join(tmp, "bad.csl");
    writeFileSync(bad, ".create-merge table Bronze (Data:dynamic)\n\n.create-merge table Silver (Asset:strin)\n");
    const problems = await cli("kql", "diff", kqlDir, "--current", bad);
    assert.deepEqual(await cli("kql", "diff", kqlDir, "--current", bad), problems);
    assert.equal(problems.code, 1);
});

test("a corrupt or foreign outcome entry is recomputed, never replayed", async () => {
    const dir = mkdtempSync(join(tmp, "corrupt-"));
    writeFileSync(join(dir, "t.kql"), ".create table T (a: strin)\n");
    const expected = await cli("kql", "check", dir);
    for (const sub of readdirSync(cacheDir)) {
        for (const file of readdirSync(join(cacheDir, sub))) writeFileSync(join(cacheDir, sub, file), JSON.stringify({ hash: file.replace(/\.json$/, ""), value: [{ path: "x" }] }));
    }
    const recomputed = await engineWork(() => cli("kql", "check", dir));
    assert.deepEqual(recomputed.result, expected);
    assert.ok(recomputed.lookups > 0);
});

test("a fresh process replaying `kql check` loads neither Kusto.Language nor the schema builder", () => {
    const processCache = mkdtempSync(join(tmpdir(), "ef-outcome-process-"));
    const loaded = (): string[] => {
        const script = `require(${JSON.stringify(join(repoRoot, "dist/cli/main.js"))}).run(["kql", "check", ${JSON.stringify(kqlDir)}], { out() {}, err() {} }).then(() => console.log(JSON.stringify(Object.keys(require.cache))))`;
        const r = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, EDGE_FABRIC_CACHE_DIR: processCache }, encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        return (JSON.parse(r.stdout) as string[]).filter((f) => /language-service-next\/.*\.js$|schema-builder\.js$/.test(f));
    };
    assert.equal(loaded().length, 3, "the first run computes: Kusto.Language's two scripts and the builder");
    assert.deepEqual(loaded(), []);
});

test("the disk cache makes its folders when missing, also after they were removed while it runs", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ef-disk-cache-")), "kql");
    const cache = new DiskCache(dir);
    cache.set("ab01", "first");
    assert.equal(cache.get("ab01"), "first");
    rmSync(dir, { recursive: true });
    assert.equal(cache.get("ab01"), undefined);
    cache.set("ab01", "again");
    assert.equal(cache.get("ab01"), "again");
});
