import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { run } from "../../cli/main";
import { loadSchema, renderSchema } from "../../kusto";
import { FIXTURE_ARCHIVE, repoRoot, siteMedallionFiles } from "../kusto/helpers";

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
/** The site whose database the fixtures describe: its archive container resolves kql/5-export.kql. */
const archive = ["--archive-container", FIXTURE_ARCHIVE];

test("kql check on the broken corpus: one line per problem, exit 1", async () => {
    const r = await cli("kql", "check", join(repoRoot, "tests/fixtures/kql-broken"));
    assert.equal(r.code, 1);
    assert.ok(r.out.length >= 15);
    for (const line of r.out) assert.match(line, /^.+\.kql:\d+:\d+: (error [A-Z]+\d+|warning EF301): /);
});

test("kql check: a warning (what the service accepts) is printed and exits 0; an error exits 1", async () => {
    const dir = mkdtempSync(join(tmp, "warn-"));
    writeFileSync(join(dir, "t.kql"), `.create table T (a: string)\n\n.create table T ingestion csv mapping "m" '[{"column":"b","DataType":"long"}]'\n`);
    const warned = await cli("kql", "check", dir);
    assert.equal(warned.code, 0);
    assert.match(warned.out.join("\n"), /t\.kql:3:\d+: warning EF301: mapping "m" maps column 'b'/);
    assert.match(warned.err.join("\n"), /0 error\(s\), 1 warning\(s\)/);
    writeFileSync(join(dir, "u.kql"), ".create table U (a: strin)\n");
    assert.equal((await cli("kql", "check", dir)).code, 1);
});

test("kql check on a missing folder is a user error without a stack trace", async () => {
    const r = await cli("kql", "check", join(tmp, "nope"));
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /does not exist or is not a directory/);
});

test("kql diff: nothing printed when the current schema matches", async () => {
    const current = write("same.csl", renderSchema((await loadSchema(siteMedallionFiles())).model));
    const r = await cli("kql", "diff", kqlDir, "--current", current, ...archive);
    assert.deepEqual(r, { code: 0, out: [], err: [] });
    // The server fixture is a site's database: kql/ with that site's archive container.
    const server = await cli("kql", "diff", kqlDir, "--current", join(repoRoot, "tests/fixtures/csl/medallion-server.csl"), ...archive);
    assert.deepEqual(server, { code: 0, out: [], err: [] });
});

test("kql diff --database-policies-owned-elsewhere leaves the database's retention and caching as they are, says so; a wrong kind is a usage error", async () => {
    const site = renderSchema((await loadSchema(siteMedallionFiles())).model);
    const current = write("site-db.csl", `${site}\n.alter database ['telemetry'] policy retention @'{"SoftDeletePeriod":"365.00:00:00","Recoverability":"Enabled"}'\n\n.alter database ['telemetry'] policy caching hot = 31d\n`);
    const plain = await cli("kql", "diff", kqlDir, "--current", current, ...archive, "--allow-data-loss");
    assert.match(plain.out.join("\n"), /\.delete database telemetry policy caching/);
    const owned = await cli("kql", "diff", kqlDir, "--current", current, ...archive, "--database-policies-owned-elsewhere", "retention,caching");
    assert.deepEqual([owned.code, owned.out], [0, []]);
    assert.match(owned.err.join("\n"), /retention and caching policies are owned elsewhere/);
    const wrong = await cli("kql", "diff", kqlDir, "--current", current, "--database-policies-owned-elsewhere", "merge");
    assert.equal(wrong.code, 1);
    assert.match(wrong.err.join("\n"), /merge is not one of retention, caching/);
});

test("kql diff of an adopted database: what the engine does not model is a note on stderr, exit 0", async () => {
    const dir = mkdtempSync(join(tmp, "adopt-"));
    const server = readFileSync(join(repoRoot, "tests/fixtures/adopt/server.csl"), "utf8");
    // The scripts: the server's script without the two commands the engine does not model.
    writeFileSync(join(dir, "plant.kql"), server.split("\n\n").filter((b) => !/policy (extent_tags_retention|roworder)/.test(b)).join("\n\n"));
    const r = await cli("kql", "diff", dir, "--current", join(repoRoot, "tests/fixtures/adopt/server.csl"));
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.deepEqual(r.out, []);
    assert.equal(r.err.length, 2);
    for (const line of r.err) assert.match(line, /server\.csl:\d+:1: note EF005: unmanaged: \.alter table (Readings|Raw) policy (extent_tags_retention|roworder)/);
});

test("kql diff without --archive-container leaves the export script out, says so, and refuses to drop a live export", async () => {
    const r = await cli("kql", "diff", kqlDir, "--current", join(repoRoot, "tests/fixtures/csl/medallion-server.csl"));
    assert.equal(r.code, 2);
    assert.match(r.err[0], /^note: \S*kql\/5-export\.kql left out: it exports to \{archive\}/);
    assert.match(r.err.join("\n"), /drop continuous export SilverToArchive/);
    const bad = await cli("kql", "diff", kqlDir, "--current", join(repoRoot, "tests/fixtures/csl/medallion-server.csl"), "--archive-container", "https://acct.blob.core.windows.net/c?sv=secret");
    assert.equal(bad.code, 1);
    assert.match(bad.err.join("\n"), /--archive-container must be https:\/\/<host>\/<container> with no path, query \(SAS\)/);
});

test("kql diff prints the ordered commands for a missing column", async () => {
    const current = write("older.csl", renderSchema((await loadSchema(siteMedallionFiles())).model).replace(", ValueBool:bool)", ")"));
    const r = await cli("kql", "diff", kqlDir, "--current", current, ...archive);
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.equal(r.out.length, 1);
    assert.match(r.out[0], /^\.create-merge table Silver \(.*ValueBool:bool\)/);
});

test("kql diff refuses data loss with exit 2 naming the column, and allows it with --allow-data-loss", async () => {
    const current = write("newer.csl", renderSchema((await loadSchema(siteMedallionFiles())).model).replace(", ValueBool:bool)", ", ValueBool:bool, Extra:string)"));
    const refused = await cli("kql", "diff", kqlDir, "--current", current, ...archive);
    assert.equal(refused.code, 2);
    assert.deepEqual(refused.out, []);
    assert.match(refused.err.join("\n"), /drop column Silver\.Extra \(data loss: the columns' data is deleted\)/);
    const allowed = await cli("kql", "diff", kqlDir, "--current", current, "--allow-data-loss", ...archive);
    assert.equal(allowed.code, 0);
    assert.deepEqual(allowed.out, [".drop table Silver columns (Extra)"]);
});

test("kql diff reports bad csl at its path, line and column, exit 1", async () => {
    const current = write("bad.csl", ".create-merge table Bronze (Data:dynamic)\n\n.create-merge table Silver (Asset:strin)\n");
    const r = await cli("kql", "diff", kqlDir, "--current", current);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, [`${current}:3:35: error KS005: ${r.out[0].split(": error KS005: ")[1]}`]);
});
