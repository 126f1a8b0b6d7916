import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";

const root = resolve(__dirname, "../../..");

interface Step { uses?: string; run?: string; name?: string; id?: string; with?: Record<string, unknown>; shell?: string; env?: Record<string, string> }
interface Job { name?: string; needs?: string | string[]; if?: string; environment?: string; strategy?: { "fail-fast"?: boolean; "max-parallel"?: number; matrix: Record<string, unknown> }; concurrency?: { group: string }; steps: Step[] }
interface Workflow { on: Record<string, unknown>; permissions: Record<string, string>; env: Record<string, string>; jobs: Record<string, Job> }

const load = <T>(path: string) => parse(readFileSync(resolve(root, path), "utf8")) as T;
const pulumiStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));

test("PR workflow: checks, then a preview per site with the policy pack and a PR comment", () => {
    const wf = load<Workflow>(".github/workflows/site-preview.yml");
    assert.ok("pull_request" in wf.on);
    assert.equal(wf.permissions["pull-requests"], "write");
    assert.equal(wf.permissions["id-token"], "write");
    const check = wf.jobs.check.steps.map((s) => s.run).filter(Boolean);
    assert.deepEqual(check.slice(1), ["npm run lint", "npm run typecheck", "npm test"]);
    const preview = wf.jobs.preview;
    assert.deepEqual(preview.needs, ["check", "sites"]);
    assert.equal(preview.strategy?.matrix.stack, "${{ fromJSON(needs.sites.outputs.stacks) }}");
    assert.equal(preview.environment, undefined, "previews need no approval");
    assert.equal(preview.steps.find((s) => s.uses === "./.github/actions/site-setup")?.with?.stack, "${{ matrix.stack }}");
    const pulumi = pulumiStep(preview);
    assert.equal(pulumi?.with?.command, "preview");
    assert.equal(pulumi?.with?.policyPacks, "policy");
    assert.equal(pulumi?.with?.["comment-on-pr"], true);
    assert.match(String(pulumi?.with?.["stack-name"]), /matrix\.stack/);
});

test("deploy workflow: pulumi up per site on main, behind the production environment, serialized per stack", () => {
    const wf = load<Workflow>(".github/workflows/site-deploy.yml");
    assert.deepEqual((wf.on.push as { branches: string[] }).branches, ["main"]);
    assert.equal(wf.permissions["pull-requests"], undefined);
    const up = wf.jobs.up;
    assert.equal(up.environment, "production");
    assert.equal(up.concurrency?.group, "pulumi-${{ matrix.stack }}");
    assert.equal(up.strategy?.["fail-fast"], true);
    const pulumi = pulumiStep(up);
    assert.equal(pulumi?.with?.command, "up");
    assert.equal(pulumi?.with?.policyPacks, "policy");
    const stepOrder = up.steps.map((s) => s.uses ?? s.run);
    assert.ok(stepOrder.indexOf("./.github/actions/site-setup") < stepOrder.indexOf(pulumi?.uses), "offline plan runs before pulumi up");
});

test("site setup validates offline with `edge-fabric plan` before signing in to Azure", () => {
    const action = load<{ runs: { using: string; steps: Step[] } }>(".github/actions/site-setup/action.yml");
    assert.equal(action.runs.using, "composite");
    const runs = action.runs.steps.map((s) => s.run ?? s.uses ?? "");
    const plan = runs.findIndex((r) => r.includes("edge-fabric plan --dir \"${{ inputs.dir }}\" --stack"));
    const login = runs.findIndex((r) => r.startsWith("azure/login@"));
    assert.ok(plan >= 0 && login > plan);
    assert.ok(runs.includes("ln -sfn ../node_modules policy/node_modules"), "the policy pack finds its dependencies");
    assert.ok(action.runs.steps.every((s) => s.uses !== undefined || s.shell === "bash"), "composite run steps name their shell");
});

test("list-sites lists one stack per Pulumi.<site>.yaml, without the samples", () => {
    const action = load<{ runs: { steps: Step[] } }>(".github/actions/list-sites/action.yml");
    const script = action.runs.steps[0].run ?? "";
    const dir = mkdtempSync(join(tmpdir(), "sites-"));
    try {
        for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.site01.yaml", "Pulumi.plant-b.yaml"]) {
            writeFileSync(join(dir, f), "config: {}\n");
        }
        const out = join(dir, "out.txt");
        const run = spawnSync("bash", ["-c", script], { cwd: dir, env: { ...process.env, EXCLUDE: "dev", GITHUB_OUTPUT: out }, encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(readFileSync(out, "utf8").trim(), 'stacks=["plant-b","site01"]');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("the platform stacks are previewed on PRs and deployed before any site, in their own project folder", () => {
    const preview = load<Workflow>(".github/workflows/site-preview.yml");
    const deploy = load<Workflow>(".github/workflows/site-deploy.yml");
    for (const [wf, command] of [[preview, "preview"], [deploy, "up"]] as const) {
        const listed = wf.jobs.sites.steps.find((s) => s.id === "platform");
        assert.equal(listed?.with?.dir, "platform");
        const platform = wf.jobs.platform;
        assert.equal(platform.strategy?.matrix.stack, "${{ fromJSON(needs.sites.outputs.platform) }}");
        assert.equal(platform.steps.find((s) => s.uses === "./.github/actions/site-setup")?.with?.dir, "platform", "the offline plan reads platform/");
        const pulumi = pulumiStep(platform);
        assert.equal(pulumi?.with?.command, command);
        assert.equal(pulumi?.with?.["work-dir"], "platform");
        assert.equal(pulumi?.with?.policyPacks, "policy");
        assert.match(String(pulumi?.with?.["stack-name"]), /edge-fabric-platform\/\{1\}/);
    }
    assert.equal(deploy.jobs.platform.environment, "production");
    assert.deepEqual(deploy.jobs.up.needs, ["sites", "platform"], "sites wait for the platform");
    assert.match(String(deploy.jobs.up.if), /needs\.platform\.result == 'success' \|\| needs\.platform\.result == 'skipped'/);
    assert.match(String(deploy.jobs.up.if), /^!cancelled\(\)/);
});

test("list-sites with dir: the platform program's stacks, none without a platform folder", () => {
    const action = load<{ runs: { steps: Step[] } }>(".github/actions/list-sites/action.yml");
    const script = action.runs.steps[0].run ?? "";
    const dir = mkdtempSync(join(tmpdir(), "platform-stacks-"));
    try {
        const list = (): string => {
            const out = join(dir, "out.txt");
            rmSync(out, { force: true });
            const run = spawnSync("bash", ["-c", script], { cwd: dir, env: { ...process.env, EXCLUDE: "", DIR: "platform", GITHUB_OUTPUT: out }, encoding: "utf8" });
            assert.equal(run.status, 0, run.stderr);
            return readFileSync(out, "utf8").trim();
        };
        assert.equal(list(), "stacks=[]");
        mkdirSync(join(dir, "platform"));
        writeFileSync(join(dir, "platform", "Pulumi.yaml"), "name: p\n");
        assert.equal(list(), "stacks=[]", "a platform program without stack files");
        writeFileSync(join(dir, "platform", "Pulumi.prod.yaml"), "config: {}\n");
        assert.equal(list(), 'stacks=["prod"]');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
