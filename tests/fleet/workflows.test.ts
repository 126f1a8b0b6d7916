import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { planWaves } from "../../cli/fleet/planner";
import { adoLegName, azurePipeline, buildStages, githubWorkflow, shellQuote } from "../../cli/fleet/workflows";
import { policy, sites } from "./helpers";

interface GhJob {
    name: string;
    needs?: string[];
    if?: string;
    environment?: string;
    concurrency?: { group: string; "cancel-in-progress": boolean };
    strategy?: { "fail-fast": boolean; "max-parallel": number; matrix: { site: string[] } };
    steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}
interface GhWorkflow {
    on: Record<string, unknown>;
    concurrency: { group: string };
    jobs: Record<string, GhJob>;
}

const all = { sites: [], tags: [], rings: [] };
const plan = planWaves(sites(12), policy({ canary: ["site-005"], waves: [2], maxParallel: 3 }), all);
const planArgs = ["--tag", "prod", "--max-sites", "25"];

test("GitHub: one job per wave with a site matrix, fail-fast, max-parallel, needs chain, environments, per-stack concurrency", () => {
    const wf = parse(githubWorkflow(plan, { operation: "up", planArgs })) as GhWorkflow;
    assert.deepEqual(Object.keys(wf.jobs), ["wave-1", "wave-2", "wave-3", "report"]);
    const [w1, w2, w3] = [wf.jobs["wave-1"], wf.jobs["wave-2"], wf.jobs["wave-3"]];
    assert.deepEqual(w1.strategy?.matrix.site, ["site-005"]);
    assert.deepEqual(w2.strategy?.matrix.site, ["site-001", "site-002"]);
    assert.equal(w3.strategy?.matrix.site.length, 9);
    for (const [i, job] of [w1, w2, w3].entries()) {
        assert.equal(job.strategy?.["fail-fast"], true);
        assert.equal(job.strategy?.["max-parallel"], 3);
        assert.equal(job.environment, `fleet-wave-${i + 1}`);
        assert.deepEqual(job.concurrency, { group: "edge-fabric-stack-${{ matrix.site }}", "cancel-in-progress": false });
        const run = job.steps.find((s) => s.run?.includes("edge-fabric fleet up"))?.run;
        assert.equal(run, 'npx edge-fabric fleet up --tag prod --max-sites 25 --only "${{ matrix.site }}" --out fleet-results');
        assert.ok(job.steps.some((s) => s.uses === "pulumi/actions@v6"));
    }
    assert.equal(w1.needs, undefined);
    assert.deepEqual(w2.needs, ["wave-1"]);
    assert.deepEqual(w3.needs, ["wave-2"]);
    assert.deepEqual(wf.jobs.report.needs, ["wave-1", "wave-2", "wave-3"]);
    assert.equal(wf.jobs.report.if, "always()");
    assert.ok(wf.jobs.report.steps.some((s) => s.run?.startsWith("npx edge-fabric fleet report fleet-results --operation up --tag prod")));
    assert.deepEqual(Object.keys(wf.on), ["workflow_dispatch"]);
    assert.equal(wf.concurrency.group, "edge-fabric-fleet-up");
});

test("GitHub: waves beyond the matrix limit are split into parts and the next wave needs every part", () => {
    const big = planWaves(sites(600), policy({ waves: [10], maxSites: 1000 }), all);
    const stages = buildStages(big, "up", 256);
    assert.deepEqual(stages.map((s) => `${s.id}:${s.sites.length}`), ["wave-1:10", "wave-2-part-1:256", "wave-2-part-2:256", "wave-2-part-3:78"]);
    const wf = parse(githubWorkflow(big, { operation: "up", planArgs: [] })) as GhWorkflow;
    for (const id of ["wave-2-part-1", "wave-2-part-2", "wave-2-part-3"]) {
        assert.deepEqual(wf.jobs[id].needs, ["wave-1"]);
        assert.ok((wf.jobs[id].strategy?.matrix.site.length ?? 0) <= 256);
        assert.equal(wf.jobs[id].environment, "fleet-wave-2");
    }
    const three = planWaves(sites(30), policy({ waves: [5], maxSites: 100 }), all);
    const split = parse(githubWorkflow(three, { operation: "preview", planArgs: [], matrixLimit: 10 })) as GhWorkflow;
    assert.deepEqual(Object.keys(split.jobs), ["wave-1", "wave-2-part-1", "wave-2-part-2", "wave-2-part-3", "report"]);
    // Every site appears in exactly one matrix.
    const matrixSites = Object.values(split.jobs).flatMap((j) => j.strategy?.matrix.site ?? []);
    assert.equal(new Set(matrixSites).size, 30);
    assert.equal(matrixSites.length, 30);
    assert.throws(() => buildStages(three, "up", 0), /matrixLimit must be a positive integer/);
});

test("GitHub: drift is scheduled and read-only (no approval environments); preview has none either", () => {
    const drift = parse(githubWorkflow(plan, { operation: "drift", planArgs: [], driftSchedule: "17 4 * * *" })) as GhWorkflow;
    assert.deepEqual(drift.on.schedule, [{ cron: "17 4 * * *" }]);
    assert.ok(Object.values(drift.jobs).every((j) => j.environment === undefined));
    const preview = parse(githubWorkflow(plan, { operation: "preview", planArgs: [] })) as GhWorkflow;
    assert.ok(Object.values(preview.jobs).every((j) => j.environment === undefined));
});

interface AdoStage {
    stage: string;
    dependsOn: string[];
    condition?: string;
    jobs: { deployment?: string; job?: string; environment?: string; dependsOn?: string; strategy?: { matrix?: Record<string, { site: string }>; maxParallel?: number } }[];
}

test("Azure DevOps: a stage per wave, approval deployment job, matrix job with maxParallel, report stage", () => {
    const p = parse(azurePipeline(plan, { operation: "up", planArgs })) as { stages: AdoStage[]; trigger: string };
    assert.equal(p.trigger, "none");
    assert.deepEqual(p.stages.map((s) => s.stage), ["wave_1", "wave_2", "wave_3", "report"]);
    assert.deepEqual(p.stages.map((s) => s.dependsOn), [[], ["wave_1"], ["wave_2"], ["wave_1", "wave_2", "wave_3"]]);
    const w2 = p.stages[1];
    assert.equal(w2.jobs[0].deployment, "approve");
    assert.equal(w2.jobs[0].environment, "fleet-wave-2");
    assert.equal(w2.jobs[1].dependsOn, "approve");
    assert.deepEqual(w2.jobs[1].strategy?.matrix, { s_site_001: { site: "site-001" }, s_site_002: { site: "site-002" } });
    assert.equal(w2.jobs[1].strategy?.maxParallel, 3);
    assert.equal(p.stages[3].condition, "always()");
    const drift = parse(azurePipeline(plan, { operation: "drift", planArgs: [] })) as { stages: AdoStage[]; schedules: unknown[] };
    assert.equal(drift.schedules.length, 1);
    assert.ok(drift.stages.every((s) => s.jobs.every((j) => j.deployment === undefined)));
});

test("matrix leg names and shell words are made safe", () => {
    const taken = new Set<string>();
    assert.equal(adoLegName("plant.a", taken), "s_plant_a");
    assert.equal(adoLegName("plant-a", taken), "s_plant_a_2");
    assert.equal(shellQuote("prod"), "prod");
    assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
});

test("generation is deterministic", () => {
    assert.equal(githubWorkflow(plan, { operation: "up", planArgs }), githubWorkflow(plan, { operation: "up", planArgs }));
});
