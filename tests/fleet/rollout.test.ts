import { test } from "node:test";
import assert from "node:assert/strict";
import { rollout, restrictPlan } from "../../cli/fleet/rollout";
import { planWaves } from "../../cli/fleet/planner";
import type { FleetSite, SiteRecord, Wave } from "../../cli/fleet/records";
import { policy, record, sites } from "./helpers";

const plan = planWaves(sites(10), policy({ waves: [1, 3], maxParallel: 2 }), { sites: [], tags: [], rings: [] });

function fakeRun(failing: Set<string>, log: string[], running: { now: number; max: number }) {
    return async (site: FleetSite, wave: Wave): Promise<SiteRecord> => {
        log.push(site.site);
        running.now += 1;
        running.max = Math.max(running.max, running.now);
        await new Promise((r) => setImmediate(r));
        running.now -= 1;
        return record({ site: site.site, wave: wave.index, status: failing.has(site.site) ? "failed" : "succeeded" });
    };
}

test("every site runs, wave by wave, never more than the concurrency at once", async () => {
    const log: string[] = [];
    const running = { now: 0, max: 0 };
    const records = await rollout(plan, fakeRun(new Set(), log, running), { operation: "up", concurrency: 2 });
    assert.equal(records.length, 10);
    assert.equal(running.max, 2);
    assert.deepEqual(log.slice(0, 4), ["site-001", "site-002", "site-003", "site-004"]);
    assert.ok(records.every((r) => r.status === "succeeded"));
});

test("a failure mid-wave halts: no further site of that wave or the next starts", async () => {
    const log: string[] = [];
    const records = await rollout(plan, fakeRun(new Set(["site-002"]), log, { now: 0, max: 0 }), { operation: "up", concurrency: 1 });
    // Wave 2 is site-002..004; at concurrency 1 the failure stops it at once.
    assert.deepEqual(log, ["site-001", "site-002"]);
    assert.deepEqual(records.map((r) => r.status), ["succeeded", "failed", ...Array<string>(8).fill("skipped")]);
    assert.equal(records[2].error, "not started: site-002 failed");
    assert.deepEqual(records.map((r) => r.wave), [1, 2, 2, 2, 3, 3, 3, 3, 3, 3]);
});

test("keep-going runs everything despite failures (read-only operations)", async () => {
    const log: string[] = [];
    const records = await rollout(plan, fakeRun(new Set(["site-001"]), log, { now: 0, max: 0 }), { operation: "drift", concurrency: 3, keepGoing: true });
    assert.equal(log.length, 10);
    assert.equal(records.filter((r) => r.status === "failed").length, 1);
});

test("progress hooks see every wave and site", async () => {
    const events: string[] = [];
    await rollout(plan, fakeRun(new Set(), [], { now: 0, max: 0 }), {
        operation: "preview",
        concurrency: 4,
        progress: {
            waveStarted: (w, n) => events.push(`wave ${w.index}/${n}`),
            siteFinished: (r) => events.push(r.site),
            waveFinished: (w, rs) => events.push(`done ${w.index}:${rs.length}`),
        },
    });
    assert.deepEqual(events.slice(0, 3), ["wave 1/3", "site-001", "done 1:1"]);
    assert.equal(events.filter((e) => e.startsWith("site-")).length, 10);
});

test("restricting to one site keeps its wave number", () => {
    const only = restrictPlan(plan, ["site-007"]);
    assert.equal(only.waves.length, 1);
    assert.equal(only.waves[0].index, 3);
    assert.deepEqual(only.waves[0].sites.map((s) => s.site), ["site-007"]);
});
