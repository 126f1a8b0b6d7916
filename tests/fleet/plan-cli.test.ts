import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { run } from "../../cli/main";
import { fixtureProject } from "./helpers";

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
}

test("fleet plan prints the waves and writes the plan JSON and both CI definitions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-plan-"));
    const r = await cli(["fleet", "plan", "--dir", fixtureProject, "--tag", "eu", "--tag", "us", "--out", join(dir, "plan.json"), "--github", join(dir, "gh.yml"), "--azure-devops", join(dir, "ado.yml")]);
    assert.equal(r.code, 0, r.err.join("\n"));
    assert.match(r.out[1], /^1\s+canary\s+0\s+1\s+plant-a$/);
    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as { selected: number; waves: { sites: { site: string }[] }[] };
    // plant-f carries no tags, so the tag selection leaves it out.
    assert.equal(plan.selected, 5);
    const gh = parse(readFileSync(join(dir, "gh.yml"), "utf8")) as { jobs: Record<string, { steps: { run?: string }[] }> };
    const run1 = gh.jobs["wave-1"].steps.find((s) => s.run?.includes("fleet up"))?.run ?? "";
    assert.ok(run1.includes(`--dir ${fixtureProject} --tag eu --tag us --max-sites 10 --only`), run1);
    assert.ok(parse(readFileSync(join(dir, "ado.yml"), "utf8")));
    const json = await cli(["fleet", "plan", "--dir", fixtureProject, "--json"]);
    assert.equal((JSON.parse(json.out.join("\n")) as { kind: string }).kind, "edge-fabric.fleet.plan/v1");
});

test("fleet plan refuses a selection over the cap with exit 2, and accepts it when raised", async () => {
    const refused = await cli(["fleet", "plan", "--dir", fixtureProject, "--max-sites", "4"]);
    assert.equal(refused.code, 2);
    assert.match(refused.err.join("\n"), /6 sites, more than the blast-radius cap of 4/);
    assert.equal((await cli(["fleet", "plan", "--dir", fixtureProject, "--max-sites", "6"])).code, 0);
});

test("bad fleet config, policy or YAML is reported with its file and path, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fleet-bad-"));
    mkdirSync(join(dir, "p"));
    copyFileSync(join(fixtureProject, "Pulumi.yaml"), join(dir, "p", "Pulumi.yaml"));
    writeFileSync(join(dir, "p", "Pulumi.x.yaml"), "config:\n  edge-fabric:fleet:\n    ring: -1\n    tags: [ok, 'bad tag']\n");
    let r = await cli(["fleet", "plan", "--dir", join(dir, "p")]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /Pulumi\.x\.yaml:3:11: config\.edge-fabric:fleet\.ring: must be at least 0/);
    assert.match(r.err.join("\n"), /Pulumi\.x\.yaml:4:16: config\.edge-fabric:fleet\.tags\[1\]: a tag is letters/);
    writeFileSync(join(dir, "p", "Pulumi.x.yaml"), "config:\n  edge-fabric:fleet:\n    ring: \"x\"\n");
    r = await cli(["fleet", "plan", "--dir", join(dir, "p")]);
    assert.equal(r.code, 1);
    assert.equal(r.err.join("\n"), 'error: Pulumi.x.yaml:3:11: config.edge-fabric:fleet.ring: must be a number, got "x"', "one error: prefix, no raw validator text");
    writeFileSync(join(dir, "p", "Pulumi.x.yaml"), "config:\n  edge-fabric:fleet: {ring: 1\n");
    r = await cli(["fleet", "plan", "--dir", join(dir, "p")]);
    assert.match(r.err.join("\n"), /Pulumi\.x\.yaml:\d+:\d+: invalid YAML/);
    writeFileSync(join(dir, "p", "Pulumi.x.yaml"), "config: {}\n");
    writeFileSync(join(dir, "policy.yaml"), "waves: [0, '150%']\nmaxSite: 3\n");
    r = await cli(["fleet", "plan", "--dir", join(dir, "p"), "--policy", join(dir, "policy.yaml")]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /policy\.yaml:1:\d+: waves\[0\]: /);
    assert.match(r.err.join("\n"), /policy\.yaml:2:10: maxSite: unknown key \(did you mean "maxSites"\?\)/);
    r = await cli(["fleet", "plan", "--dir", join(dir, "nowhere")]);
    assert.match(r.err.join("\n"), /no such project directory/);
    r = await cli(["fleet", "plan", "--dir", fixtureProject, "--stacks", "nothing/*.yaml"]);
    assert.match(r.err.join("\n"), /no site stack file/);
    r = await cli(["fleet", "up", "--dir", fixtureProject, "--keep-going"]);
    assert.match(r.err.join("\n"), /--keep-going is for preview and drift only/);
});
