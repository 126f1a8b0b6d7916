import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { synth } from "../../cli/synth";
import { HybridSite } from "../../components/site";
import type { HybridSiteArgs } from "../../components/site-args";
import { withSiteDefaults } from "../../components/site-defaults";
import { validateHybridSite as validateSpec } from "../../components/site-rules";
import { formatProblem, ValidationError } from "../../components/validation";
import { SITE_KEY } from "../../stacks/config";
import { siteFromConfig } from "../../stacks/site";

const root = resolve(__dirname, "../../..");
/** The sample site's args as the stack program builds them, without the kubeconfig. */
async function sampleArgs(): Promise<HybridSiteArgs> {
    const config = (parse(readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    return siteFromConfig(config[SITE_KEY], { platformOutputs: () => Promise.resolve(undefined) });
}

/** The rules over the args as the component sees them, defaults applied. */
const validateHybridSite = (args: HybridSiteArgs) => validateSpec(withSiteDefaults(args));

test("validateHybridSite: every rule the args' type cannot say, at once, at its config path", async () => {
    const args = await sampleArgs();
    assert.deepEqual(validateHybridSite(args).map(formatProblem), [
        "kubeconfig: is required when edge.cold.enabled is true with direct delivery (the edge volume is created on the Arc cluster), or deliver by GitOps (edge.cold.delivery.mode: gitops)",
    ]);
    const complete: HybridSiteArgs = { ...args, kubeconfig: "apiVersion: v1" };
    assert.deepEqual(validateHybridSite(complete), []);
    const fabricStandby: HybridSiteArgs = { ...complete, dr: { ...complete.dr, standbyDatabase: true } };
    assert.deepEqual(validateHybridSite(fabricStandby).map(formatProblem), ["edge-fabric:site.dr.standby: is required (workspaceId, eventHubConnectionId) for a Fabric standby database"]);
    const sharedAdx: HybridSiteArgs = { ...fabricStandby, serving: { kind: "adx", databaseName: "telemetry", skuName: "Dev(No SLA)_Standard_E2a_v4", capacity: 1, clusterId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Kusto/clusters/shared" } };
    assert.deepEqual(validateHybridSite(sharedAdx).map(formatProblem), ["edge-fabric:site.dr.standbyDatabase: needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform"]);
    assert.deepEqual(validateHybridSite({ ...sharedAdx, dr: { ...sharedAdx.dr, enabled: false } }), [], "no standby without DR");
});

test("HybridSite refuses broken args with one ValidationError before registering anything", async () => {
    const sample = await sampleArgs();
    const args: HybridSiteArgs = { ...sample, dr: { ...sample.dr, standbyDatabase: true } };
    const { resources } = await synth(() => {
        assert.throws(
            () => new HybridSite("site01", args),
            (e: Error) => e instanceof ValidationError && e.message.startsWith('HybridSite "site01": 2 problems:\n  - kubeconfig: is required') && e.problems[1].path === "edge-fabric:site.dr.standby",
        );
    });
    assert.deepEqual(resources, []);
});
