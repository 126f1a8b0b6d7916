/**
 * The third-party corpus (microsoft/delta-kusto's integration cases, MIT, vendored with its LICENSE
 * under tests/fixtures/delta-kusto) replayed through the Kusto fake by bench/delta-kusto.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { replay, replayCases } from "../../bench/delta-kusto";

test("delta-kusto's cases: no other-policy case stops the diff and nine in ten converge exactly; every core case converges unless its target is invalid", async () => {
    const results = [];
    for (const c of replayCases()) results.push({ c, ...(await replay(c)) });
    const other = results.filter((r) => r.c.group === "other");
    assert.ok(other.length >= 150);
    assert.deepEqual(other.filter((r) => r.outcome === "stopped" || r.outcome === "setup").map((r) => r.c.name), []);
    assert.ok(other.filter((r) => r.outcome === "converged").length >= other.length * 0.9);
    const core = results.filter((r) => r.c.group === "core" && r.outcome !== "converged");
    for (const r of core) {
        // Refused targets: update policies whose source table the scripts do not declare, mappings of columns the table lacks.
        assert.ok(r.outcome === "refused" && /EF401|EF301/.test(r.detail), `${r.c.name}: ${r.outcome}: ${r.detail}`);
    }
});
