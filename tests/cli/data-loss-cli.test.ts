/**
 * The lossy edits the first safety probe let through, end to end: `kql diff` and `kql apply` (against
 * a loopback cluster holding the medallion) each refuse them with exit 2, naming the object and why,
 * apply nothing, and print no stack trace; `--allow-data-loss` lets them through.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../cli/main";
import { loadSchema, renderSchema } from "../../kusto";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { FIXTURE_ARCHIVE, repoRoot, siteMedallionFiles } from "../kusto/helpers";

process.env.EDGE_FABRIC_CACHE_DIR = mkdtempSync(join(tmpdir(), "ef-loss-cache-"));
const kqlDir = join(repoRoot, "kql");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    const result = { code, out: out.join("\n"), err: err.join("\n") };
    assert.doesNotMatch(result.out + result.err, /\n\s+at .+:\d+:\d+|internal error/);
    return result;
}

/** A copy of `kql/` with `from` replaced by `to` in `file`. */
function edited(file: string, from: string, to: string): string {
    const dir = mkdtempSync(join(tmpdir(), "ef-loss-"));
    for (const f of readdirSync(kqlDir)) {
        const text = readFileSync(join(kqlDir, f), "utf8");
        if (f === file && !text.includes(from)) throw new Error(`test setup: ${from} not in ${f}`);
        writeFileSync(join(dir, f), f === file ? text.replace(from, to) : text);
    }
    return dir;
}

const UPDATE_POLICY = `.alter table Silver policy update @'[{"IsEnabled": true, "Source": "Bronze", "Query": "bronze_to_silver()", "IsTransactional": true, "PropagateIngestionProperties": false}]'`;

const cases = [
    {
        name: "Silver's soft-delete period shortened from 365d to 1d",
        dir: () => edited("2-silver.kql", "softdelete = 365d", "softdelete = 1d"),
        why: /retention policy of table Silver \(data loss: the soft-delete period shortens from 365d to 1d.*rows older than 1d are purged\)/,
    },
    {
        name: "Silver's retention policy deleted",
        dir: () => edited("2-silver.kql", ".alter-merge table Silver policy retention softdelete = 365d recoverability = enabled", ""),
        why: /retention policy of table Silver .*data loss: .*falls back to the database's/,
    },
    {
        name: "Bronze's ingestion mapping dropped",
        dir: () => edited("1-bronze.kql", `.create-or-alter table Bronze ingestion json mapping "bronze_mapping" '[{"column":"Data","Properties":{"Path":"$"}}]'`, ""),
        why: /drop json mapping "bronze_mapping" on Bronze \(data loss: ingestion that names the mapping fails/,
    },
    { name: "Silver's update policy deleted", dir: () => edited("2-silver.kql", UPDATE_POLICY, ""), why: /delete the update policy of table Silver \(data loss: the target table stops receiving rows from its source table/ },
];

test("kql diff: each lossy edit exits 2 naming the object and why; --allow-data-loss prints the command", async () => {
    const current = join(mkdtempSync(join(tmpdir(), "ef-live-")), "live.csl");
    writeFileSync(current, renderSchema((await loadSchema(siteMedallionFiles())).model));
    for (const c of cases) {
        const dir = c.dir();
        const refused = await cli(["kql", "diff", dir, "--current", current, "--archive-container", FIXTURE_ARCHIVE]);
        assert.equal(refused.code, 2, `${c.name}: ${refused.err}`);
        assert.equal(refused.out, "", c.name);
        assert.match(refused.err, c.why, c.name);
        assert.match(refused.err, /--allow-data-loss/, c.name);
        const allowed = await cli(["kql", "diff", dir, "--current", current, "--archive-container", FIXTURE_ARCHIVE, "--allow-data-loss"]);
        assert.equal(allowed.code, 0, `${c.name}: ${allowed.err}`);
        assert.notEqual(allowed.out, "", c.name);
    }
});

test("kql apply: each lossy edit exits 2 naming the object and why, and nothing is applied", async () => {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        const target = ["--cluster", fake.url, "--database", "Telemetry", "--token", fake.token];
        assert.equal((await cli(["kql", "apply", kqlDir, ...target])).code, 0);
        const executes = fake.executes;
        for (const c of cases) {
            const refused = await cli(["kql", "apply", c.dir(), ...target]);
            assert.equal(refused.code, 2, `${c.name}: ${refused.out}\n${refused.err}`);
            assert.match(refused.err, c.why, c.name);
            assert.doesNotMatch(refused.out, /up to date|applied/, c.name);
        }
        assert.equal(fake.executes, executes, "nothing applied");
    } finally {
        await fake.close();
    }
});
