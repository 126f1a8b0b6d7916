/**
 * The third-party corpus (microsoft/delta-kusto's integration cases, MIT, vendored with its LICENSE
 * under tests/fixtures/delta-kusto) replayed through the Kusto fake by bench/delta-kusto.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { replay, replayCases } from "../../bench/delta-kusto";

test("delta-kusto's cases: no other-policy case stops the diff and nine in ten converge exactly; every core case converges exactly", async () => {
    const results = [];
    for (const c of replayCases()) results.push({ c, ...(await replay(c)) });
    const other = results.filter((r) => r.c.group === "other");
    assert.ok(other.length >= 150);
    assert.deepEqual(other.filter((r) => r.outcome === "stopped" || r.outcome === "setup").map((r) => r.c.name), []);
    assert.ok(other.filter((r) => r.outcome === "converged").length >= other.length * 0.9);
    // Disabled update policies from tables the scripts lack and mappings of columns the table lacks are
    // accepted by the service, so they are warnings, not refusals (see schema-builder.ts).
    const core = results.filter((r) => r.c.group === "core");
    assert.ok(core.length >= 120);
    assert.deepEqual(core.filter((r) => r.outcome !== "converged").map((r) => `${r.c.name}: ${r.outcome}: ${r.detail}`), []);
});
