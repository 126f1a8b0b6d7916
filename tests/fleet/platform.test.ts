// The platform stack in a fleet: found in platform/, rolled out alone before the canary, in its own
// project folder, its config checked like a site's, and left out of filtered runs unless named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { run } from "../../cli/main";
import type { FleetPlan } from "../../cli/fleet/records";
import { fakePulumiRoot, fixtureProject, repoRoot } from "./helpers";

/** The fixture fleet plus the repository's platform program and its sample stack `prod`. */
function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "fleet-platform-"));
    cpSync(fixtureProject, dir, { recursive: true });
    cpSync(join(repoRoot, "platform"), join(dir, "platform"), { recursive: true, filter: (f) => !f.endsWith(".ts") });
    return dir;
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
}

async function plan(dir: string, ...args: string[]): Promise<FleetPlan> {
    const r = await cli(["fleet", "plan", "--dir", dir, "--json", ...args]);
    assert.equal(r.code, 0, r.err.join("\n"));
    return JSON.parse(r.out.join("\n")) as FleetPlan;
}

const waves = (p: FleetPlan): string[] => p.waves.map((w) => `${w.index}:${w.name}:${w.sites.map((s) => s.site).join(",")}`);

test("fleet plan: the platform stack alone in wave 1, before the canary; not counted against the cap", async () => {
    const dir = project();
    try {
        const p = await plan(dir, "--max-sites", "6");
        assert.deepEqual(waves(p).slice(0, 2), ["1:platform:platform", "2:canary:plant-a"]);
        assert.equal(p.waves[0].sites[0].file, join("platform", "Pulumi.prod.yaml"));
        // A filtered run leaves the platform out; naming it selects it alone.
        assert.ok(!waves(await plan(dir, "--tag", "eu")).some((w) => w.includes("platform")));
        assert.deepEqual(waves(await plan(dir, "--stack", "platform")), ["1:platform:platform"]);
        // The generated workflow's first job deploys the platform; the canary's job needs it.
        const gh = join(dir, "gh.yml");
        assert.equal((await cli(["fleet", "plan", "--dir", dir, "--github", gh])).code, 0);
        const jobs = (parse(readFileSync(gh, "utf8")) as { jobs: Record<string, { needs?: string[]; strategy?: { matrix: { site: string[] } } }> }).jobs;
        assert.deepEqual(jobs["wave-1"].strategy?.matrix.site, ["platform"]);
        assert.deepEqual(jobs["wave-2"].needs, ["wave-1"]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("fleet: several platform stacks need the policy's platform; false leaves it out; a bad platform config is refused", async () => {
    const dir = project();
    try {
        copyFileSync(join(dir, "platform", "Pulumi.prod.yaml"), join(dir, "platform", "Pulumi.test.yaml"));
        const two = await cli(["fleet", "plan", "--dir", dir]);
        assert.equal(two.code, 1);
        assert.match(two.err.join("\n"), /platform holds 2 platform stacks \(prod, test\): name the one with fleet policy platform: <stack>/);
        const policy = readFileSync(join(dir, "fleet.policy.yaml"), "utf8");
        writeFileSync(join(dir, "fleet.policy.yaml"), `${policy}platform: test\n`);
        assert.equal((await plan(dir)).waves[0].sites[0].file, join("platform", "Pulumi.test.yaml"));
        writeFileSync(join(dir, "fleet.policy.yaml"), `${policy}platform: staging\n`);
        assert.match((await cli(["fleet", "plan", "--dir", dir])).err.join("\n"), /fleet policy platform: staging: no platform stack file platform\/Pulumi\.staging\.yaml .*\(platform stacks: prod, test\)/);
        writeFileSync(join(dir, "fleet.policy.yaml"), `${policy}platform: false\n`);
        assert.equal((await plan(dir)).waves[0].name, "canary");
        writeFileSync(join(dir, "fleet.policy.yaml"), `${policy}platform: test\n`);
        writeFileSync(join(dir, "platform", "Pulumi.test.yaml"), readFileSync(join(dir, "platform", "Pulumi.test.yaml"), "utf8").replace("sku: F64", "sku: F3"));
        const bad = await cli(["fleet", "plan", "--dir", dir]);
        assert.equal(bad.code, 1);
        assert.match(bad.err.join("\n"), /platform\/Pulumi\.test\.yaml: .*capacity\.sku: must be one of F2/);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("fleet preview runs the platform's stack in its own project folder, before every site", async () => {
    const dir = project();
    const fake = mkdtempSync(join(tmpdir(), "fleet-platform-fake-"));
    try {
        writeFileSync(join(fake, "scenario.json"), "{}");
        process.env.FAKE_PULUMI_DIR = fake;
        const r = await cli(["fleet", "preview", "--dir", dir, "--pulumi-root", fakePulumiRoot, "--retry-delay", "1", "--progress", "lines", "--out", join(fake, "records")]);
        assert.equal(r.code, 0, r.err.join("\n"));
        const cwd = readFileSync(join(fake, "cwd.log"), "utf8").split("\n").filter(Boolean);
        // Two CLI calls per stack (select, preview): the platform's stack prod, in platform/, first.
        assert.deepEqual(cwd.slice(0, 2), [`prod ${join(dir, "platform")}`, `prod ${join(dir, "platform")}`]);
        assert.ok(cwd.slice(2).every((l) => l.startsWith("plant-") && l.endsWith(` ${dir}`)), cwd.join("\n"));
        assert.ok(existsSync(join(fake, "records", "platform.preview.json")));
    } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(fake, { recursive: true, force: true });
    }
});
