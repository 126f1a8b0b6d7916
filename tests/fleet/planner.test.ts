import { test } from "node:test";
import assert from "node:assert/strict";
import { planWaves, waveCount, selectSites, formatPlanTable } from "../../cli/fleet/planner";
import { RefusedError, CliError } from "../../cli/errors";
import type { FleetSite } from "../../cli/fleet/records";
import { policy, sites } from "./helpers";

const all = { sites: [], tags: [], rings: [] };
const names = (plan: ReturnType<typeof planWaves>): string[][] => plan.waves.map((w) => w.sites.map((s) => s.site));

test("canary first, then fixed and percentage sizes, then the rest", () => {
    const fleet = sites(20);
    const plan = planWaves(fleet, policy({ canary: ["site-007"], waves: [2, "25%"], maxSites: 50 }), all);
    const waves = names(plan);
    assert.deepEqual(waves[0], ["site-007"]);
    assert.deepEqual(waves[1], ["site-001", "site-002"]);
    // 25% of the 19 non-canary sites, rounded up.
    assert.equal(waves[2].length, 5);
    assert.deepEqual(waves[2], ["site-003", "site-004", "site-005", "site-006", "site-008"]);
    assert.equal(waves[3].length, 12);
    assert.deepEqual(plan.waves.map((w) => w.name), ["canary", "wave-2", "wave-3", "ring-1"]);
    assert.deepEqual(plan.waves.map((w) => w.index), [1, 2, 3, 4]);
    // Every selected site exactly once.
    assert.deepEqual(waves.flat().sort(), fleet.map((s) => s.site).sort());
});

test("percentages round up and never give an empty wave", () => {
    assert.equal(waveCount("10%", 3), 1);
    assert.equal(waveCount("50%", 5), 3);
    assert.equal(waveCount("100%", 7), 7);
    assert.equal(waveCount(4, 100), 4);
    assert.equal(waveCount("12.5%", 8), 1);
});

test("waves stop at ring boundaries and rings go in order", () => {
    const fleet: FleetSite[] = [...sites(2, 2, "late"), ...sites(3, 0, "early"), ...sites(4, 1, "mid")];
    const plan = planWaves(fleet, policy({ waves: ["50%"], maxSites: 50 }), all);
    // 50% of 9 = 5, but ring 0 holds only 3: the wave stops at the boundary.
    assert.deepEqual(names(plan), [["early-001", "early-002", "early-003"], ["mid-001", "mid-002", "mid-003", "mid-004"], ["late-001", "late-002"]]);
    assert.deepEqual(plan.waves.map((w) => w.ring), [0, 1, 2]);
});

test("the blast-radius cap refuses a wider selection unless raised", () => {
    const fleet = sites(30);
    assert.throws(() => planWaves(fleet, policy({ maxSites: 25 }), all), (e: unknown) => e instanceof RefusedError && e.exitCode === 2 && /30 sites.*cap of 25.*--max-sites 30/.test(e.message));
    assert.equal(planWaves(fleet, policy({ maxSites: 25 }), all, { maxSites: 30 }).selected, 30);
    // A narrower selection passes under the policy cap.
    assert.equal(planWaves(fleet, policy({ maxSites: 25 }), { ...all, sites: ["site-001", "site-002"] }).selected, 2);
});

test("selection by site, tag (any) and ring; unknown names are errors", () => {
    const fleet: FleetSite[] = [
        { site: "a", file: "Pulumi.a.yaml", ring: 0, tags: ["eu", "pilot"] },
        { site: "b", file: "Pulumi.b.yaml", ring: 1, tags: ["eu"] },
        { site: "c", file: "Pulumi.c.yaml", ring: 1, tags: ["us"] },
    ];
    assert.deepEqual(selectSites(fleet, { ...all, tags: ["pilot", "us"] }).map((s) => s.site), ["a", "c"]);
    assert.deepEqual(selectSites(fleet, { ...all, tags: ["eu"], rings: [1] }).map((s) => s.site), ["b"]);
    assert.throws(() => selectSites(fleet, { ...all, sites: ["zz"] }), (e: unknown) => e instanceof CliError && /--stack zz/.test(e.message));
    assert.throws(() => planWaves(fleet, policy({ canary: ["typo"] }), all), /canary: typo has no stack file/);
    // A canary that exists but is not selected is simply not in this run.
    assert.deepEqual(names(planWaves(fleet, policy({ canary: ["a"] }), { ...all, sites: ["b", "c"] })), [["b"], ["c"]]);
});

test("plans are deterministic whatever the discovery order", () => {
    const fleet = [...sites(40, 1), ...sites(10, 0, "pilot")];
    const p = policy({ canary: ["site-010"], waves: [1, "10%", "30%"], maxSites: 100 });
    const first = JSON.stringify(planWaves(fleet, p, all));
    const shuffled = [...fleet].sort((a, b) => (a.site.charCodeAt(a.site.length - 1) * 7) % 11 - (b.site.charCodeAt(b.site.length - 1) * 7) % 11);
    assert.equal(JSON.stringify(planWaves(shuffled, p, all)), first);
});

test("the table lists waves and a summary line", () => {
    const lines = formatPlanTable(planWaves(sites(3), policy({ waves: [1] }), all));
    assert.match(lines[0], /^wave\s+name\s+ring\s+sites\s+members$/);
    assert.match(lines[1], /^1\s+wave-1\s+1\s+1\s+site-001$/);
    assert.match(lines[2], /^2\s+ring-1\s+1\s+2\s+site-002, site-003$/);
    assert.equal(lines[3], "3 sites in 2 waves; cap 25; up to 4 sites at a time per wave");
});
