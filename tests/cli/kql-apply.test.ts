import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { run } from "../../cli/main";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { withEnv } from "../env";

const kqlDir = path.resolve(__dirname, "..", "..", "..", "kql");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

test("kql apply: dry run prints the commands and applies nothing; apply runs them; a second apply is a no-op", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        const base = ["kql", "apply", kqlDir, "--cluster", fake.url, "--database", "Telemetry", "--token", fake.token];
        const dry = await cli([...base, "--dry-run"]);
        assert.equal(dry.code, 0, dry.err);
        assert.match(dry.out, /\.create-merge table .*Bronze/);
        assert.match(dry.out, /^dry run: \d+ command\(s\) would run on http:\/\/127\.0\.0\.1:\d+\/Telemetry; nothing applied \(1 request\(s\)\)\.$/m);
        assert.equal(fake.executes, 0);

        const applied = await cli(base);
        assert.equal(applied.code, 0, applied.err);
        assert.match(applied.out, /^applied \d+ command\(s\) to .*\/Telemetry \(2 request\(s\)\)\.$/m);
        assert.equal(fake.executes, 1);
        assert.deepEqual(fake.db.columns("Bronze"), ["Data:dynamic"]);

        const again = await cli(base);
        assert.equal(again.code, 0);
        assert.equal(again.out, `${fake.url}/Telemetry is up to date: 0 commands (1 request(s)).`);
        assert.equal(fake.executes, 1);
    } finally {
        await fake.close();
    }
});

test("kql apply: data loss exits 2 naming the column, unless --allow-data-loss; the token comes from EDGE_FABRIC_KUSTO_TOKEN", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry", script: ".create-merge table Bronze (Data:dynamic, Obsolete:string)" });
    try {
        await withEnv({ EDGE_FABRIC_KUSTO_TOKEN: fake.token }, async () => {
            const base = ["kql", "apply", kqlDir, "--cluster", fake.url, "--database", "Telemetry"];
            const refused = await cli(base);
            assert.equal(refused.code, 2);
            assert.match(refused.err, /lose data[\s\S]*Bronze\.Obsolete/);
            assert.equal(fake.executes, 0);
            const allowed = await cli([...base, "--allow-data-loss"]);
            assert.equal(allowed.code, 0, allowed.err);
            assert.deepEqual(fake.db.columns("Bronze"), ["Data:dynamic"]);
        });
    } finally {
        await fake.close();
    }
});

test("kql apply: user errors exit 1 with a message, never a stack trace", async () => {
    const badUrl = await cli(["kql", "apply", kqlDir, "--cluster", "http://kusto.example.com", "--database", "db", "--token", "t"]);
    assert.equal(badUrl.code, 1);
    assert.match(badUrl.err, /^note: .*5-export\.kql left out: it exports to \{archive\}.*\nerror: --cluster: cluster URI 'http:\/\/kusto\.example\.com' must use https/);
    const noDir = await cli(["kql", "apply", "/nonexistent/kql", "--cluster", "https://x.kusto.windows.net", "--database", "db", "--token", "t"]);
    assert.equal(noDir.code, 1);
    assert.match(noDir.err, /does not exist or is not a directory/);
    assert.doesNotMatch(badUrl.err + noDir.err, /\n\s+at /);
});

test("kql apply --backend adx: the export's managed identity policy lands before the export; it is read back, so a second apply is a no-op", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        const base = ["kql", "apply", kqlDir, "--cluster", fake.url, "--database", "Telemetry", "--token", fake.token, "--archive-container", "https://plant1archive.blob.core.windows.net/kql-export", "--backend", "adx"];
        const applied = await cli(base);
        assert.equal(applied.code, 0, applied.err);
        const policy = applied.out.indexOf(".alter-merge database Telemetry policy managed_identity ```[{\"ObjectId\":\"system\",\"AllowedUsages\":\"AutomatedFlows, ExternalTable\"}]```");
        assert.ok(policy >= 0 && policy < applied.out.indexOf(".create-or-alter external table") && policy < applied.out.indexOf(".create-or-alter continuous-export"), applied.out);
        assert.deepEqual([...(fake.db.managedIdentity.get("system") ?? [])].sort(), ["AutomatedFlows", "ExternalTable"]);

        // Someone adds a usage by hand: the scripts' floor is met, nothing is taken away.
        fake.db.managedIdentity.get("system")?.add("NativeIngestion");
        const again = await cli(base);
        assert.equal(again.code, 0, again.err);
        assert.equal(again.out, `${fake.url}/Telemetry is up to date: 0 commands (2 request(s)).`);
        assert.equal(fake.executes, 1);
        assert.ok(fake.requests.some((r) => r.csl === ".show database ['Telemetry'] policy managed_identity"));
    } finally {
        await fake.close();
    }
});

test("kql apply: a change no command can make (a view's group-by) exits 2 naming it, applies nothing, never says up to date", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        const base = ["kql", "apply", kqlDir, "--cluster", fake.url, "--database", "Telemetry", "--token", fake.token];
        assert.equal((await cli(base)).code, 0);
        const regrouped = mkdtempSync(path.join(tmpdir(), "regrouped-"));
        for (const f of readdirSync(kqlDir)) {
            writeFileSync(path.join(regrouped, f), readFileSync(path.join(kqlDir, f), "utf8").replace("by Asset, TagName\n}", "by Asset\n}"));
        }
        const executes = fake.executes;
        for (const extra of [[], ["--dry-run"], ["--allow-data-loss"]]) {
            const refused = await cli(["kql", "apply", regrouped, ...base.slice(3), ...extra]);
            assert.equal(refused.code, 2, `${extra.join(" ")}: ${refused.out}\n${refused.err}`);
            assert.match(refused.err, /cannot be made in place[\s\S]*materialized view GoldLatest: its group-by changes from "Asset , TagName" to "Asset"/);
            assert.doesNotMatch(refused.out, /up to date|applied/);
        }
        assert.equal(fake.executes, executes);
    } finally {
        await fake.close();
    }
});
