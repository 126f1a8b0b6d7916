import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { run } from "../../cli/main";
import { loadSchema, renderSchema } from "../../kusto";
import { medallionFiles, repoRoot, siteMedallionFiles } from "../kusto/helpers";

process.env.EDGE_FABRIC_CACHE_DIR = mkdtempSync(join(tmpdir(), "ef-cli-cache-"));

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), "ef-kql-"));
const write = (name: string, text: string): string => {
    const file = join(tmp, name);
    writeFileSync(file, text);
    return file;
};
const kqlDir = join(repoRoot, "kql");

test("kql check on the broken corpus: one line per problem, exit 1", async () => {
    const r = await cli("kql", "check", join(repoRoot, "tests/fixtures/kql-broken"));
    assert.equal(r.code, 1);
    assert.ok(r.out.length >= 15);
    for (const line of r.out) assert.match(line, /^.+\.kql:\d+:\d+: error [A-Z]+\d+: /);
});

test("kql check on a missing folder is a user error without a stack trace", async () => {
    const r = await cli("kql", "check", join(tmp, "nope"));
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /no such directory/);
});

test("kql diff: nothing printed when the current schema matches", async () => {
    const current = write("same.csl", renderSchema((await loadSchema(medallionFiles())).model));
    const r = await cli("kql", "diff", kqlDir, "--current", current);
    assert.deepEqual(r, { code: 0, out: [], err: [] });
    // The server fixture is a site's database: compare it with kql/ as MedallionSchema resolves it for that site.
    const siteDir = join(tmp, "site-kql");
    mkdirSync(siteDir, { recursive: true });
    for (const f of siteMedallionFiles()) writeFileSync(join(siteDir, f.path.replace(/^kql\//, "")), f.text);
    const server = await cli("kql", "diff", siteDir, "--current", join(repoRoot, "tests/fixtures/csl/medallion-server.csl"));
    assert.deepEqual(server, { code: 0, out: [], err: [] });
});

test("kql diff prints the ordered commands for a missing column", async () => {
    const current = write("older.csl", renderSchema((await loadSchema(medallionFiles())).model).replace(", ValueBool:bool)", ")"));
    const r = await cli("kql", "diff", kqlDir, "--current", current);
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.equal(r.out.length, 1);
    assert.match(r.out[0], /^\.create-merge table Silver \(.*ValueBool:bool\)/);
});

test("kql diff refuses data loss with exit 2 naming the column, and allows it with --allow-data-loss", async () => {
    const current = write("newer.csl", renderSchema((await loadSchema(medallionFiles())).model).replace(", ValueBool:bool)", ", ValueBool:bool, Extra:string)"));
    const refused = await cli("kql", "diff", kqlDir, "--current", current);
    assert.equal(refused.code, 2);
    assert.deepEqual(refused.out, []);
    assert.match(refused.err.join("\n"), /drop column Silver\.Extra \(data loss\)/);
    const allowed = await cli("kql", "diff", kqlDir, "--current", current, "--allow-data-loss");
    assert.equal(allowed.code, 0);
    assert.deepEqual(allowed.out, [".drop table Silver columns (Extra)"]);
});

test("kql diff reports bad csl at its path, line and column, exit 1", async () => {
    const current = write("bad.csl", ".create-merge table Bronze (Data:dynamic)\n\n.create-merge table Silver (Asset:strin)\n");
    const r = await cli("kql", "diff", kqlDir, "--current", current);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, [`${current}:3:35: error KS005: ${r.out[0].split(": error KS005: ")[1]}`]);
});
