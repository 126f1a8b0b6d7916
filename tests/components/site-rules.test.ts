import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { synth } from "../../cli/synth";
import { HybridSite } from "../../components/site";
import type { HybridSiteArgs } from "../../components/site-args";
import { validateHybridSite } from "../../components/site-rules";
import { formatProblem, ValidationError } from "../../components/validation";
import { parseSite, SITE_KEY } from "../../stacks/config";
import { hybridSiteArgs, resolvePlatform } from "../../stacks/site";

const root = resolve(__dirname, "../../..");
/** The sample site's args as the stack program builds them, without the kubeconfig or the schema model. */
async function sampleArgs(): Promise<HybridSiteArgs> {
    const config = (parse(readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    return hybridSiteArgs(await resolvePlatform(parseSite(config[SITE_KEY]), () => Promise.resolve(undefined)));
}

test("validateHybridSite: every rule the args' type cannot say, at once, at its config path", async () => {
    const args = await sampleArgs();
    assert.deepEqual(validateHybridSite(args).map(formatProblem), [
        "kubeconfig: is required when edge.cold.enabled is true with direct delivery (the edge volume is created on the Arc cluster), or deliver by GitOps (edge.cold.delivery.mode: gitops)",
        "schema: is required while the serving layer is on (the model of the kql/ scripts, from loadSchema): dashboard and alert queries are checked against it and its mirrored tables get the Lakehouse shortcuts",
    ]);
    // The schema model is needed only while a serving item is on.
    const complete: HybridSiteArgs = { ...args, kubeconfig: "apiVersion: v1", dashboard: { enabled: false }, lakehouse: { enabled: false }, alerts: undefined };
    assert.deepEqual(validateHybridSite(complete), []);
    const fabricStandby: HybridSiteArgs = { ...complete, dr: { ...complete.dr, standbyDatabase: true } };
    assert.deepEqual(validateHybridSite(fabricStandby).map(formatProblem), ["edge-fabric:site.dr.standby: is required (workspaceId, eventHubConnectionId) for a Fabric standby database"]);
    const sharedAdx: HybridSiteArgs = { ...fabricStandby, serving: { kind: "adx", databaseName: "telemetry", skuName: "Dev(No SLA)_Standard_E2a_v4", capacity: 1, clusterId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Kusto/clusters/shared" } };
    assert.deepEqual(validateHybridSite(sharedAdx).map(formatProblem), ["edge-fabric:site.dr.standbyDatabase: needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform"]);
    assert.deepEqual(validateHybridSite({ ...sharedAdx, dr: { ...sharedAdx.dr, enabled: false } }), [], "no standby without DR");
});

test("HybridSite refuses broken args with one ValidationError before registering anything", async () => {
    const args = await sampleArgs();
    const { resources } = await synth(() => {
        assert.throws(
            () => new HybridSite("site01", args),
            (e: Error) => e instanceof ValidationError && e.message.startsWith('HybridSite "site01": 2 problems:\n  - kubeconfig: is required') && e.problems[1].path === "schema",
        );
    });
    assert.deepEqual(resources, []);
});
