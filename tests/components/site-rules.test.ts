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
import { SITE_KEY, validateSite } from "../../stacks/config";
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
    assert.deepEqual(validateHybridSite(fabricStandby).map(formatProblem), ["edge-fabric:site.dr.standby: is required (workspaceId) for a Fabric standby database"]);
    const sharedAdx: HybridSiteArgs = { ...fabricStandby, serving: { kind: "adx", databaseName: "telemetry", skuName: "Dev(No SLA)_Standard_E2a_v4", capacity: 1, clusterId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Kusto/clusters/shared" } };
    assert.deepEqual(validateHybridSite(sharedAdx).map(formatProblem), ["edge-fabric:site.dr.standbyDatabase: needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform"]);
    assert.deepEqual(validateHybridSite({ ...sharedAdx, dr: { ...sharedAdx.dr, enabled: false } }), [], "no standby without DR");
    const contradictory: HybridSiteArgs = { ...complete, serving: { ...complete.serving, kind: "eventhouse", workspaceId: "6e335e92-a2a2-4b5a-970a-bd6a89fbb765", eventstreamSource: "customEndpoint", eventHubConnectionId: "7b3c1e0a-52f4-4d8e-9a55-0c6f2e4b9d21" } };
    assert.deepEqual(validateHybridSite(contradictory).map(formatProblem), [
        "edge-fabric:site.serving.eventstreamSource: customEndpoint has the edge write to the Eventstream, so it reads no Fabric connection: remove serving.eventHubConnectionId, or choose eventHubs",
    ]);
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

/** The sample site's stack-file config, to be changed one value at a time. */
function sampleConfig(): Record<string, unknown> {
    const config = (parse(readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> }).config;
    return config[SITE_KEY];
}

const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`tag${i}`, "x"]));

/** Each case changes the sample the same way in the stack file and in the library args. */
const limitCases: { name: string; change: (site: { location: string; tags: Record<string, string>; dr: Record<string, unknown> }) => void; expected: string[] }[] = [
    {
        name: "16 tags on a site that creates private DNS zones",
        change: (s) => Object.assign(s.tags, manyTags(14)),
        expected: [
            "edge-fabric:site.tags: has 16 tags and the site adds 1 (edge-fabric:site): a private DNS zone (network.private without dnsZoneIds) takes at most 15 (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations); keep at most 14, or put several values in one tag as a JSON string",
        ],
    },
    {
        name: "a DR secondary that is not an Azure region",
        change: (s) => (s.dr.secondaryLocation = "swedenmiddle"),
        expected: ['edge-fabric:site.dr.secondaryLocation: is not an Azure region, got "swedenmiddle": use a programmatic name from https://learn.microsoft.com/azure/reliability/regions-list'],
    },
    {
        name: "a DR secondary that is not the documented pair",
        change: (s) => (s.dr.secondaryLocation = "francecentral"),
        expected: ['edge-fabric:site.dr.secondaryLocation: is not the paired region of westeurope (northeurope), got "francecentral" (https://learn.microsoft.com/azure/reliability/regions-paired); use northeurope, or set dr.allowUnpairedRegion: true to pair with francecentral deliberately'],
    },
    { name: "an unpaired secondary chosen deliberately", change: (s) => Object.assign(s.dr, { secondaryLocation: "francecentral", allowUnpairedRegion: true }), expected: [] },
    { name: "DR on without a secondary", change: (s) => delete s.dr.secondaryLocation, expected: ["edge-fabric:site.dr.secondaryLocation: is required when dr.enabled is true"] },
    { name: "the secondary equal to the primary", change: (s) => (s.dr.secondaryLocation = "westeurope"), expected: ["edge-fabric:site.dr.secondaryLocation: must differ from location (westeurope)"] },
];

test("a site built from the library is refused by the same region, DR-pair and tag rules as a stack file, with the same messages", async () => {
    const limitProblem = (p: string) => /^edge-fabric:site\.(tags|location|dr\.secondaryLocation)\b/.test(p);
    for (const { name, change, expected } of limitCases) {
        const config = structuredClone(sampleConfig()) as Parameters<typeof change>[0];
        change(config);
        assert.deepEqual(validateSite(config).map(formatProblem).filter(limitProblem), expected, `stack file: ${name}`);
        const args = await sampleArgs();
        const site = { ...args, kubeconfig: "apiVersion: v1", tags: { ...args.tags }, dr: { ...args.dr } } as HybridSiteArgs;
        change(site as unknown as Parameters<typeof change>[0]);
        assert.deepEqual(validateHybridSite(site).map(formatProblem), expected, `library: ${name}`);
    }
});

test("a library site's region problems name its args (no config path), and a bad location skips the pair check", async () => {
    const args = { ...(await sampleArgs()), configPath: undefined };
    const site: HybridSiteArgs = { ...args, kubeconfig: "apiVersion: v1", location: "westeruope" };
    assert.deepEqual(validateHybridSite(site).map(formatProblem), ['location: is not an Azure region, got "westeruope" (did you mean "westeurope"?): use a programmatic name from https://learn.microsoft.com/azure/reliability/regions-list']);
});

test("HybridSite with 63 tags on a public site is refused before anything is registered: Azure takes 50 a resource", async () => {
    const args = { ...(await sampleArgs()), configPath: undefined };
    const site: HybridSiteArgs = { ...args, kubeconfig: "apiVersion: v1", tags: manyTags(63), network: { publicNetworkAccess: true } };
    const { resources } = await synth(() => {
        assert.throws(
            () => new HybridSite("site01", site),
            (e: Error) => e instanceof ValidationError && e.problems.length === 1 && e.message === 'HybridSite "site01": tags: has 63 tags and the site adds 2 (edge-fabric:site, edgeFabricPublicNetworkAccess): an Azure resource takes at most 50 (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations); keep at most 48, or put several values in one tag as a JSON string',
        );
    });
    assert.deepEqual(resources, []);
});
