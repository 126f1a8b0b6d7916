/**
 * Fleet benchmarks: planning a 200-site fleet (time, and that the output is identical across runs),
 * and the orchestration's CLI calls per site for preview and up through the fake `pulumi`, plus how
 * many sites start after a canary failure. Counts are the contract; times are for the record.
 * Run: `npm run build && node dist/bench/fleet.js` (or from bench/index.ts via `benchFleet()`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "../cli/main";
import { planWaves } from "../cli/fleet/planner";
import { githubWorkflow } from "../cli/fleet/workflows";
import { wavePolicySchema, type FleetSite } from "../cli/fleet/records";

const repoRoot = resolve(__dirname, "../..");
const fakeRoot = join(repoRoot, "tests/fixtures/fleet/fake-pulumi");

function fleetOf(n: number): FleetSite[] {
    return Array.from({ length: n }, (_, i) => ({ site: `plant-${String(i).padStart(3, "0")}`, file: `Pulumi.plant-${i}.yaml`, ring: i % 3, tags: [i % 2 ? "eu" : "us"] }));
}

function benchPlanning(n: number): void {
    const sites = fleetOf(n);
    const policy = wavePolicySchema.parse({ canary: ["plant-000"], waves: [1, "5%", "25%"], maxSites: n });
    const rounds = 50;
    let first = "";
    const start = performance.now();
    for (let i = 0; i < rounds; i++) {
        const plan = planWaves(sites, policy, { sites: [], tags: [], rings: [] });
        const text = JSON.stringify(plan) + githubWorkflow(plan, { operation: "up", planArgs: [] });
        if (i === 0) {
            first = text;
        } else if (text !== first) {
            throw new Error("planning is not deterministic");
        }
    }
    const ms = (performance.now() - start) / rounds;
    console.log(`fleet plan + GitHub workflow, ${n} sites: ${ms.toFixed(2)} ms per run (identical output across ${rounds} runs)`);
}

async function benchCalls(operation: "preview" | "up", n: number, scenario: object, label: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "fleet-bench-"));
    const project = join(dir, "project");
    mkdirSync(project);
    copyFileSync(join(repoRoot, "tests/fixtures/fleet/project/Pulumi.yaml"), join(project, "Pulumi.yaml"));
    for (const s of fleetOf(n)) {
        writeFileSync(join(project, `Pulumi.${s.site}.yaml`), `config:\n  edge-fabric:fleet:\n    ring: ${s.ring}\n`);
    }
    writeFileSync(join(project, "fleet.policy.yaml"), `canary: [plant-000]\nwaves: [2, "25%"]\nmaxSites: ${n}\nmaxParallel: 4\n`);
    writeFileSync(join(dir, "scenario.json"), JSON.stringify(scenario));
    process.env.FAKE_PULUMI_DIR = dir;
    const start = performance.now();
    const args = ["fleet", operation, "--dir", project, "--pulumi-root", fakeRoot, "--progress", "lines", "--out", join(dir, "out"), "--retry-delay", "1"];
    const code = await run(args, { out: () => undefined, err: () => undefined });
    const seconds = (performance.now() - start) / 1000;
    const calls = readFileSync(join(dir, "calls.log"), "utf8").split("\n").filter((l) => l && l !== "version");
    const started = new Set(calls.map((c) => /--stack (\S+)/.exec(c)?.[1]).filter(Boolean)).size;
    console.log(`fleet ${operation} ${label}, ${n} sites through the fake CLI: exit ${code}, ${(calls.length / Math.max(started, 1)).toFixed(2)} CLI calls per started site, ${started} sites started, ${seconds.toFixed(1)} s (times the fake, not Pulumi)`);
    rmSync(dir, { recursive: true, force: true });
}

export async function benchFleet(): Promise<void> {
    benchPlanning(200);
    await benchCalls("preview", 12, {}, "all well");
    await benchCalls("up", 12, {}, "all well");
    await benchCalls("up", 12, { sites: { "plant-000": { up: { fail: "canary broke" } } } }, "canary fails");
}

if (require.main === module) {
    benchFleet().catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
    });
}
