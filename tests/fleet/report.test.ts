import { test } from "node:test";
import assert from "node:assert/strict";
import { buildReport, exitCodeFor, mergeRecords, renderMarkdown } from "../../cli/fleet/report";
import { record } from "./helpers";

test("a re-run CI job's later record wins; order is operation, wave, site", () => {
    const merged = mergeRecords([
        record({ site: "b", wave: 2, status: "failed", errorClass: "failed", error: "boom", finishedAt: "2026-11-20T10:00:00.000Z" }),
        record({ site: "b", wave: 2, status: "succeeded", finishedAt: "2026-11-20T11:00:00.000Z" }),
        record({ site: "a", wave: 2 }),
        record({ site: "z", wave: 1 }),
        record({ site: "a", wave: 1, operation: "drift" }),
    ]);
    assert.deepEqual(merged.map((r) => `${r.operation}/${r.wave}/${r.site}/${r.status}`), ["drift/1/a/succeeded", "up/1/z/succeeded", "up/2/a/succeeded", "up/2/b/succeeded"]);
});

test("exit codes: 0 all well, 2 drift, 1 any failure or site not started", () => {
    assert.equal(exitCodeFor([record({ site: "a" })]), 0);
    assert.equal(exitCodeFor([record({ site: "a" }), record({ site: "b", status: "drifted" })]), 2);
    assert.equal(exitCodeFor([record({ site: "a", status: "failed" }), record({ site: "b", status: "drifted" })]), 1);
    assert.equal(exitCodeFor([record({ site: "a", status: "skipped" })]), 1);
});

test("markdown shows totals, a row per site, changes, errors and drift details", () => {
    const report = buildReport([
        record({ site: "plant-a", changeSummary: { create: 2, same: 5, update: 1 } }),
        record({ site: "plant-b", operation: "up", wave: 2, status: "failed", errorClass: "lock", error: "stack | locked\nby run 42", attempts: 5 }),
        record({
            site: "plant-c",
            operation: "drift",
            status: "drifted",
            changeSummary: { same: 4, update: 1 },
            drift: [{ urn: "urn:pulumi:plant-c::edge-fabric::azure-native:eventhub:Namespace::ns", type: "azure-native:eventhub:Namespace", op: "update", properties: ["minimumTlsVersion", "tags"] }],
        }),
    ]);
    assert.equal(report.exitCode, 1);
    assert.deepEqual(report.totals, { succeeded: 1, failed: 1, drifted: 1, skipped: 0 });
    const md = renderMarkdown(report);
    assert.match(md, /\*\*failed\*\*: 1 succeeded, 1 drifted, 1 failed, 0 not started/);
    assert.match(md, /\| up \| 1 \| plant-a \| succeeded \| create 2, update 1 \| 1 \| 1\.2 s \| {2}\|/);
    // Pipes and newlines in an error are escaped so the table stays one row.
    assert.match(md, /\| up \| 2 \| plant-b \| failed \| {2}\| 5 \| 1\.2 s \| lock: stack \\\| locked by run 42 \|/);
    assert.match(md, /## Drift\n\n- \*\*plant-c\*\*\n {2}- `urn:pulumi:plant-c::edge-fabric::azure-native:eventhub:Namespace::ns` \(update\): minimumTlsVersion, tags/);
});
