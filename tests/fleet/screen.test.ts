/**
 * What a fleet run may touch: sample stacks only when named, selectors that match nothing named
 * with the reason, and stacks whose site config does not validate refused with its own messages.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../cli/main";
import { repoRoot } from "./helpers";

const dev = readFileSync(join(repoRoot, "Pulumi.dev.yaml"), "utf8");

/** A project with the sample `dev` stack and a real site stack `plant-one` (site `plant1`, fleet tag `eu`). */
function project(extra: Record<string, string> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), "fleet-screen-"));
    copyFileSync(join(repoRoot, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    writeFileSync(join(dir, "Pulumi.dev.yaml"), dev);
    const plant = dev.replace(/^(\s+)name: site01$/m, "$1name: plant1").replace(/^config:\n/m, "config:\n  edge-fabric:fleet:\n    ring: 1\n    tags: [eu]\n");
    writeFileSync(join(dir, "Pulumi.plant-one.yaml"), plant);
    for (const [file, text] of Object.entries(extra)) {
        writeFileSync(join(dir, file), text);
    }
    return dir;
}

async function fleetPlan(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["fleet", "plan", "--dir", dir, "--json", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

function planned(out: string): string[] {
    return (JSON.parse(out) as { waves: { sites: { site: string }[] }[] }).waves.flatMap((w) => w.sites.map((s) => s.site));
}

test("the sample stack dev is never planned unless named, by stack (--stack dev) or by site (--site site01)", async () => {
    const dir = project();
    const all = await fleetPlan(dir);
    assert.equal(all.code, 0, all.err);
    assert.deepEqual(planned(all.out), ["plant-one"]);
    for (const args of [["--stack", "dev"], ["--site", "site01"]]) {
        const named = await fleetPlan(dir, ...args);
        assert.equal(named.code, 0, named.err);
        assert.deepEqual(planned(named.out), ["dev"]);
    }
    const bySite = await fleetPlan(dir, "--site", "plant1");
    assert.deepEqual(planned(bySite.out), ["plant-one"]);
});

test("selectors that match nothing say so, and why: a site name given as a stack, a resource tag given as a fleet tag, an empty ring", async () => {
    const dir = project();
    const r = await fleetPlan(dir, "--stack", "plant1", "--tag", "costCenter", "--ring", "7", "--site", "plant-one");
    assert.equal(r.code, 1);
    assert.equal(
        r.err,
        [
            "error: the selection matches nothing:",
            "  --stack plant1: no stack of that name; plant1 is the site deployed by stack plant-one (Pulumi.plant-one.yaml): use --stack plant-one or --site plant1",
            "  --site plant-one: no stack deploys a site named plant-one (edge-fabric:site.name); plant-one is a stack: use --stack plant-one (sites: plant1, site01)",
            "  --tag costCenter: no stack carries the fleet tag costCenter; it is a resource tag of Pulumi.plant-one.yaml (edge-fabric:site.tags), and fleet tags are edge-fabric:fleet.tags (fleet tags in use: eu)",
            "  --ring 7: no stack is in ring 7 (rings in use: 1)",
        ].join("\n"),
    );
});

test("a stack whose site config does not validate is refused with that config's own messages at file:line:col", async () => {
    const broken = dev.replace(/^(\s+)dashboard:$/m, "$1dashbord:").replace(/^(\s+)name: site01$/m, "$1name: plant2");
    const dir = project({ "Pulumi.plant-two.yaml": broken });
    // The position is the unknown key's value: the map on the line after `dashbord:`.
    const line = broken.split("\n").findIndex((l) => /^\s+dashbord:$/.test(l)) + 2;
    const r = await fleetPlan(dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: refusing to roll out stacks whose site or platform config does not validate \(fix them, or leave them out with --stack\/--tag\/--ring\):\n/);
    assert.match(r.err, new RegExp(`\\n  Pulumi\\.plant-two\\.yaml:${line}:\\d+: edge-fabric:site\\.dashbord: unknown key \\(did you mean "dashboard"\\?\\)`));
    assert.doesNotMatch(r.err, /Pulumi\.plant-one\.yaml/);
    // Left out, the valid stacks plan.
    const rest = await fleetPlan(dir, "--stack", "plant-one");
    assert.equal(rest.code, 0, rest.err);
});
