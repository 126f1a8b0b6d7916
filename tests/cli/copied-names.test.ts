import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { run } from "../../cli/main";
import { copiedNames } from "../../cli/copied-names";
import { parseSite, SITE_KEY } from "../../stacks/config";

const root = resolve(__dirname, "../../..");
const dev = () => parse(readFileSync(join(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> };

test("copiedNames: every value still naming a sibling site, and alert rules matching none of the site's assets", () => {
    const site = structuredClone(dev().config[SITE_KEY]) as Record<string, unknown> & { edge: { lines: unknown } };
    site.name = "plant09";
    site.edge.lines = [{ name: "line1", assets: ["press01"] }];
    const found = copiedNames(parseSite(site), [{ stack: "dev", site: "site01" }]);
    const paths = found.map((f) => f.path.join("."));
    for (const path of ["tags.plant", "edge.customLocationId", "edge.instanceName", "edge.resourceGroupName", "edge.cold.schema.registryId", "edge.cold.schema.namespace", "eventHubs.namespaceName", "serving.eventhouseName", "dr.alias", "dashboard.title", "network.private.subnetId", "alerts.rules.0.assetContains"]) {
        assert.ok(paths.includes(path), `${path} not reported; got ${paths.join(", ")}`);
    }
    assert.match(found.find((f) => f.path.join(".") === "dr.alias")?.message ?? "", /"ef-site01-telemetry" carries "site01", the site of stack dev/);
    assert.match(found.find((f) => f.path[0] === "alerts")?.message ?? "", /rule "freezer too warm" watches assets containing "freezer", and none of this site's assets \(line1\/press01|press01\)/);
});

test("copiedNames: the site's own name and a site whose name contains a sibling's are not flagged", () => {
    const site = parseSite({ ...(dev().config[SITE_KEY] as object), name: "site011" });
    assert.deepEqual(copiedNames(site, [{ stack: "dev", site: "site01" }]), []);
    assert.deepEqual(copiedNames(parseSite(dev().config[SITE_KEY]), [{ stack: "dev", site: "site01" }]), []);
});

test("plan: a stack file copied from Pulumi.dev.yaml plans, with one warning per value still naming site01", async () => {
    const dir = mkdtempSync(join(tmpdir(), "copied-"));
    try {
        const copy = dev();
        writeFileSync(join(dir, "Pulumi.dev.yaml"), stringify(copy));
        copy.config[SITE_KEY].name = "plant09";
        writeFileSync(join(dir, "Pulumi.plant09.yaml"), stringify(copy));
        const lines: string[] = [];
        const errors: string[] = [];
        const code = await run(["plan", "--dir", dir, "--stack", "plant09", "--out", join(dir, "out")], { out: (l) => lines.push(l), err: (l) => errors.push(l) });
        assert.equal(code, 0, errors.join("\n"));
        const warning = errors.find((l) => l.includes(`${SITE_KEY}.eventHubs.namespaceName`));
        assert.match(warning ?? "", /^Pulumi\.plant09\.yaml:\d+:\d+: warning: edge-fabric:site\.eventHubs\.namespaceName: "ef-site01-westeurope" carries "site01"/);
        assert.ok(errors.some((l) => l.includes(`${SITE_KEY}.dashboard.title`)));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
