import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import { AdxDatabase } from "../../components/cloud/adx-database";
import { Eventhouse } from "../../components/cloud/eventhouse";
import { MedallionSchema } from "../../components/cloud/medallion";
import { FabricCapacity } from "../../components/platform/fabric-capacity";
import { PlatformWorkspace } from "../../components/platform/platform-workspace";
import { BatchLakehouse } from "../../components/serving/batch-lakehouse";
import { HybridSite } from "../../components/site";
import { ValidationError } from "../../components/validation";
import { SITE_KEY } from "../../stacks/config";
import { siteFromConfig } from "../../stacks/site";

const CLUSTER = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Kusto/clusters/shared";

/** Each component given bad args: the one ValidationError it must throw, before registering anything. */
const cases: { component: string; build: () => unknown; message: RegExp }[] = [
    {
        component: "FabricCapacity",
        build: () => new FabricCapacity("cap", { capacityId: "not-an-id" }),
        message: /^FabricCapacity "cap": capacityId: must be a Fabric capacity ARM id/,
    },
    {
        component: "PlatformWorkspace",
        build: () => new PlatformWorkspace("ws", { workspaceId: "nope", capacityName: "cap" }),
        message: /^PlatformWorkspace "ws": workspaceId: must be a workspace GUID, got "nope"/,
    },
    {
        component: "BatchLakehouse",
        build: () => new BatchLakehouse("lake", { site: "dev", workspaceId: "w", source: { workspaceId: "w", databaseId: "d" }, tables: ["Silver", "Silver"] }),
        message: /^BatchLakehouse "lake" is invalid: tables: lists a table twice$/,
    },
    {
        component: "Eventhouse",
        build: () => new Eventhouse("eh", { workspaceId: "nope" }),
        message: /^Eventhouse eh: workspaceId: must be a workspace GUID, got "nope"$/,
    },
    {
        component: "AdxDatabase",
        build: () => new AdxDatabase("adx", { existingCluster: { id: CLUSTER, uri: "https://shared.westeurope.kusto.windows.net" }, eventHub: { eventHubResourceId: "hub", consumerGroup: "adx" } }),
        message: /^AdxDatabase adx: 2 problems:\n {2}- eventHub\.eventHubResourceId: must be an event hub ARM id .*\n {2}- eventHub\.grantReceiverRole: needs existingCluster\.principalId/,
    },
    {
        component: "MedallionSchema",
        build: () => new MedallionSchema("kql", { clusterUri: "https://x.kusto.windows.net", database: "db", retention: { silver: { retentionDays: 0 } } }),
        message: /^MedallionSchema 'kql': retention\.silver\.retentionDays: must be a whole number of days from 1 to 36500 \(got 0\)$/,
    },
];

for (const { component, build, message } of cases) {
    test(`${component}: bad args are refused with one ValidationError before anything is registered`, async () => {
        const { resources } = await synth(() => {
            assert.throws(build, (e: Error) => e instanceof ValidationError && message.test(e.message));
        });
        assert.deepEqual(resources, [], "nothing registered: not the component, not a child");
    });
}

test("HybridSite: a malformed adopted id is refused at its config path before anything is registered", async () => {
    const root = resolve(__dirname, "../../..");
    const config = (parse(readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    const sample = await siteFromConfig(config[SITE_KEY], { platformOutputs: () => Promise.resolve(undefined) });
    const args = { ...sample, kubeconfig: "apiVersion: v1", eventHubs: { ...sample.eventHubs, namespaceId: "ns-1" } };
    const { resources } = await synth(() => {
        assert.throws(
            () => new HybridSite("site01", args),
            (e: Error) => e instanceof ValidationError && e.problems.length === 1 && e.problems[0].path === "edge-fabric:site.eventHubs.namespaceId" && /"ns-1" is not the ARM id of a Microsoft\.EventHub\/namespaces/.test(e.message),
        );
    });
    assert.deepEqual(resources, []);
});

test("AdxDatabase.addEventHubConnection after construction: a ResourceError naming the component, no role or connection", async () => {
    const { resources } = await synth(() => {
        const adx = new AdxDatabase("adx", { existingCluster: { id: CLUSTER, uri: "https://shared.westeurope.kusto.windows.net" } });
        assert.throws(
            () => adx.addEventHubConnection({ eventHubResourceId: "hub", consumerGroup: "adx" }),
            (e: Error) => e instanceof pulumi.ResourceError && /^AdxDatabase adx: 2 problems:\n {2}- eventHub\.eventHubResourceId: must be an event hub ARM id/.test(e.message),
        );
    });
    assert.deepEqual(
        resources.map((r) => r.type),
        ["edge-fabric:cloud:AdxDatabase", "azure-native:kusto:ReadWriteDatabase"],
    );
});
