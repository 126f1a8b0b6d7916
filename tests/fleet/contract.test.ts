// Contract tests: the fleet commands drive a fake `pulumi` (tests/fixtures/fleet/fake-pulumi) through
// the real Automation API, so the exact CLI calls, call counts, halting, retries and drift reading
// are checked offline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../cli/main";
import { siteRecordSchema, type SiteRecord } from "../../cli/fleet/records";
import { fakePulumiRoot, fixtureProject } from "./helpers";

interface Outcome {
    code: number;
    out: string[];
    err: string[];
    calls: string[];
    records: SiteRecord[];
    dir: string;
}

/** Runs `edge-fabric fleet ...` against the fixture project with the fake CLI following `scenario`. */
async function fleet(args: string[], scenario: object = {}): Promise<Outcome> {
    const dir = mkdtempSync(join(tmpdir(), "fleet-fake-"));
    writeFileSync(join(dir, "scenario.json"), JSON.stringify(scenario));
    process.env.FAKE_PULUMI_DIR = dir;
    const out: string[] = [];
    const err: string[] = [];
    const outDir = join(dir, "records");
    const code = await run(
        ["fleet", ...args, "--dir", fixtureProject, "--pulumi-root", fakePulumiRoot, "--retry-delay", "1", "--progress", "lines", "--out", outDir],
        { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    const log = join(dir, "calls.log");
    const calls = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
    const records = existsSync(outDir) ? readdirSync(outDir).sort().map((f) => siteRecordSchema.parse(JSON.parse(readFileSync(join(outDir, f), "utf8")))) : [];
    return { code, out, err, calls, records, dir };
}

const callsFor = (calls: string[], site: string): string[] => calls.filter((c) => c.includes(`--stack ${site} `) || c.endsWith(` ${site} --non-interactive`));
const normalize = (c: string): string => c.replace(/--event-log \S+/, "--event-log <log>");
const byName = (records: SiteRecord[]): Record<string, SiteRecord> => Object.fromEntries(records.map((r) => [r.site, r]));

test("preview: two CLI calls per site (select, preview), one version probe, exit 0", async () => {
    const r = await fleet(["preview"], { sites: { "plant-b": { preview: { changes: { create: 2, same: 3 } } } } });
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.equal(r.calls.filter((c) => c === "version").length, 1);
    for (const site of ["plant-a", "plant-b", "plant-c", "plant-d", "plant-e", "plant-f"]) {
        assert.deepEqual(callsFor(r.calls, site).map(normalize), [
            `stack select --stack ${site} --non-interactive`,
            `preview --color never --exec-kind auto.local --event-log <log> --stack ${site} --non-interactive`,
        ]);
    }
    // gRPC event transport for a CLI newer than 3.205: the change summary arrived through it.
    assert.ok(r.calls.some((c) => /--event-log tcp:\/\/127\.0\.0\.1:\d+/.test(c)));
    const records = byName(r.records);
    assert.deepEqual(records["plant-b"].changeSummary, { create: 2, same: 3 });
    assert.deepEqual(r.records.map((x) => `${x.site}:${x.wave}`).sort(), ["plant-a:1", "plant-b:2", "plant-c:3", "plant-d:3", "plant-e:4", "plant-f:3"]);
    assert.ok(r.out.some((l) => l.includes("| preview | 2 | plant-b | succeeded | create 2 |")));
    assert.ok(r.err.includes("wave 3/4 (wave-3): preview on 3 sites"));
});

test("preview on a CLI at or before 3.205 reads events from the log file", async () => {
    const r = await fleet(["preview", "--stack", "plant-b"], { version: "3.200.0", sites: { "plant-b": { preview: { changes: { update: 1, same: 2 } } } } });
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.ok(callsFor(r.calls, "plant-b").some((c) => /--event-log \/\S+eventlog\.txt/.test(c)));
    assert.deepEqual(r.records[0].changeSummary, { update: 1, same: 2 });
});

test("up: five CLI calls per site (select, up, two outputs, history); changes come from the update's summary", async () => {
    const r = await fleet(["up", "--stack", "plant-a", "--stack", "plant-b"], { sites: { "plant-a": { up: { changes: { create: 4 } } } } });
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.deepEqual(callsFor(r.calls, "plant-a"), [
        "stack select --stack plant-a --non-interactive",
        "up --yes --skip-preview --color never --exec-kind auto.local --stack plant-a --non-interactive",
        "stack output --json --stack plant-a --non-interactive",
        "stack output --json --show-secrets --stack plant-a --non-interactive",
        "stack history --json --show-secrets --page-size 1 --page 1 --stack plant-a --non-interactive",
    ]);
    assert.equal(callsFor(r.calls, "plant-b").length, 5);
    assert.deepEqual(byName(r.records)["plant-a"].changeSummary, { create: 4 });
});

test("a site failing mid-wave halts the rollout: nothing further starts, exit 1", async () => {
    const r = await fleet(["up", "--concurrency", "1"], { sites: { "plant-c": { up: { fail: "creating Event Hubs namespace: RequestDisallowedByPolicy" } } } });
    assert.equal(r.code, 1);
    // Wave 3 is plant-c, plant-d, plant-f; wave 4 is plant-e.
    for (const site of ["plant-d", "plant-f", "plant-e"]) {
        assert.deepEqual(callsFor(r.calls, site), [], `${site} must not start`);
    }
    const records = byName(r.records);
    assert.equal(records["plant-c"].status, "failed");
    assert.equal(records["plant-c"].errorClass, "failed");
    assert.match(records["plant-c"].error ?? "", /RequestDisallowedByPolicy/);
    assert.equal(records["plant-c"].attempts, 1);
    assert.deepEqual(["plant-d", "plant-e", "plant-f"].map((s) => records[s].status), ["skipped", "skipped", "skipped"]);
    assert.equal(records["plant-e"].error, "not started: plant-c failed");
    assert.ok(r.out.some((l) => l.startsWith("**failed**")));
});

test("a lock conflict and throttling are retried with backoff; other sites are unaffected", async () => {
    const r = await fleet(["up", "--stack", "plant-b", "--stack", "plant-c"], { sites: { "plant-b": { up: { lockFailures: 2, throttleFailures: 1 } } } });
    assert.equal(r.code, 0, r.err.join("\n"));
    const b = byName(r.records)["plant-b"];
    assert.equal(b.status, "succeeded");
    assert.equal(b.attempts, 4);
    assert.equal(callsFor(r.calls, "plant-b").filter((c) => c.startsWith("up ")).length, 4);
    // The stack is selected once; only the operation is retried.
    assert.equal(callsFor(r.calls, "plant-b").filter((c) => c.startsWith("stack select")).length, 1);
    assert.equal(r.err.filter((l) => l.includes("plant-b: stack locked by another update, retrying")).length, 2);
    assert.equal(r.err.filter((l) => l.includes("plant-b: throttled, retrying")).length, 1);
});

test("a lock held past the retries fails the site as a lock conflict and halts", async () => {
    const r = await fleet(["up", "--retries", "2"], { sites: { "plant-a": { up: { lockFailures: 10 } } } });
    assert.equal(r.code, 1);
    const a = byName(r.records)["plant-a"];
    assert.equal(a.errorClass, "lock");
    assert.equal(a.attempts, 3);
    assert.match(a.error ?? "", /\[409\] Conflict/);
    assert.deepEqual(callsFor(r.calls, "plant-b"), []);
});

test("drift: found from refresh-preview events, listing resources and properties; exit 2", async () => {
    const urn = "urn:pulumi:plant-d::edge-fabric::azure-native:eventhub:Namespace::plant-d-ns";
    for (const version of ["3.276.0", "3.200.0"]) {
        const r = await fleet(["drift"], {
            version,
            sites: { "plant-d": { refresh: { drift: [{ urn, type: "azure-native:eventhub:Namespace", diffs: ["publicNetworkAccess", "minimumTlsVersion"] }] } } },
        });
        assert.equal(r.code, 2, `${version}: ${r.err.join("\n")}`);
        assert.deepEqual(callsFor(r.calls, "plant-a").map(normalize), [
            "stack select --stack plant-a --non-interactive",
            "refresh --preview-only --color never --exec-kind auto.local --event-log <log> --stack plant-a --non-interactive",
        ]);
        const records = byName(r.records);
        assert.equal(records["plant-d"].status, "drifted");
        assert.deepEqual(records["plant-d"].drift, [{ urn, type: "azure-native:eventhub:Namespace", op: "update", properties: ["minimumTlsVersion", "publicNetworkAccess"] }]);
        assert.equal(records["plant-a"].status, "succeeded");
        assert.equal(r.records.filter((x) => x.status === "drifted").length, 1);
        assert.ok(r.out.includes("## Drift"));
    }
});

test("drift on a stack that was never deployed fails as not-found (no stack is created)", async () => {
    const r = await fleet(["drift", "--stack", "plant-e"], { sites: { "plant-e": { missing: true } } });
    assert.equal(r.code, 1);
    assert.equal(r.records[0].errorClass, "not-found");
    assert.ok(!r.calls.some((c) => c.startsWith("stack init")));
});

test("--only runs one planned site with its wave number (a CI matrix job)", async () => {
    const r = await fleet(["preview", "--only", "plant-e"]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.records.map((x) => `${x.site}:${x.wave}`), ["plant-e:4"]);
    assert.equal(r.calls.filter((c) => c !== "version").length, 2);
    const bad = await fleet(["preview", "--only", "plant-z"]);
    assert.equal(bad.code, 1);
    assert.match(bad.err.join("\n"), /--only plant-z: not in the planned selection/);
});

test("report merges CI artifacts; planned sites without a record count as not started", async () => {
    const r = await fleet(["preview", "--stack", "plant-a", "--stack", "plant-b"]);
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const recordsDir = join(r.dir, "records");
    assert.equal(await run(["fleet", "report", recordsDir, "--json", join(r.dir, "report.json")], io), 0);
    const report = JSON.parse(readFileSync(join(r.dir, "report.json"), "utf8")) as { exitCode: number; records: unknown[] };
    assert.equal(report.records.length, 2);
    // Against the plan of the whole fixture fleet, four sites left no record: exit 1.
    out.length = 0;
    assert.equal(await run(["fleet", "report", recordsDir, "--operation", "preview", "--dir", fixtureProject, "--markdown", join(r.dir, "r.md")], io), 1);
    assert.match(readFileSync(join(r.dir, "r.md"), "utf8"), /\| preview \| 4 \| plant-e \| skipped \|.*no record/);
    writeFileSync(join(recordsDir, "broken.json"), JSON.stringify({ kind: "edge-fabric.fleet.site-record/v1", site: "x" }));
    out.length = 0;
    assert.equal(await run(["fleet", "report", recordsDir], io), 1);
    assert.match(out.join("\n"), /broken\.json: not a valid site record/);
});
