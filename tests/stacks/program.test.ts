/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_EVENT_HUB_KEY, synth, type RecordedResource } from "../../cli/synth";
import { armName, blobEndpoint, platformOutputs } from "../../cli/plan";
import { runtimeConfig } from "../../cli/stack-file";
import { violations } from "../policy/stack";
import { GITOPS_CREDENTIAL_KEY, KUBECONFIG_KEY, parseSite, SITE_KEY, type SiteConfig } from "../../stacks/config";
import { loadSiteSchema, resolvePlatform, siteProgram } from "../../stacks/site";
import type { SchemaModel } from "../../kusto";
import { ValidationError } from "../../components/validation";

const root = resolve(__dirname, "../../..");
const stackConfig = (file: string) => (parse(readFileSync(resolve(root, file), "utf8")) as { config: Record<string, unknown> }).config;

/** Runs the site program on a stack file's config under mocks. */
async function synthSite(file: string) {
    const config = stackConfig(file);
    const { values, secretKeys } = runtimeConfig(config);
    pulumi.runtime.setAllConfig(values, secretKeys);
    const references: string[] = [];
    const outputs = platformOutputs(parseSite(config[SITE_KEY]));
    return {
        references,
        ...(await synth(async () => (await siteProgram()).site.dataPath, {
            outputs: (type, _name, inputs) => {
                if (type === "pulumi:pulumi:StackReference") {
                    references.push(String(inputs.name));
                }
                return outputs(type);
            },
        })),
    };
}

const find = (resources: RecordedResource[], type: string) => resources.filter((r) => r.type === type);

/** Every policy of the pack on the synthesized resources, as `pulumi preview --policy-pack` would run them. */

test("the sample site under mocks: every part of the data path, wired together, and the policy pack passes", async () => {
    const { resources, result } = await synthSite("Pulumi.dev.yaml");
    const site = find(resources, "edge-fabric:site:HybridSite")[0];
    assert.equal(site.name, "site01");
    for (const type of ["edge-fabric:cloud:EventHubsIngestion", "edge-fabric:cloud:ArchiveStorage", "edge-fabric:cloud:DisasterRecovery", "edge-fabric:edge:AioDataflows", "edge-fabric:edge:EdgeVolume"]) {
        assert.equal(find(resources, type)[0]?.parent, site.urn, type);
    }
    assert.equal(find(resources, "azure-native:eventhub:Namespace").length, 2, "primary and DR secondary");
    const [rg] = find(resources, "azure-native:resources:ResourceGroup");
    assert.deepEqual([rg.inputs.resourceGroupName, rg.inputs.location], ["rg-edge-fabric-site01", "westeurope"]);
    assert.deepEqual((rg.inputs.tags as Record<string, string>)["edge-fabric:site"], "site01");
    const hub = find(resources, "azure-native:eventhub:EventHub")[0];
    assert.equal(hub.inputs.messageRetentionInDays, 1);
    assert.equal((hub.inputs.captureDescription as { destination: { blobContainer: string } }).destination.blobContainer, "eh-capture");
    const hot = find(resources, "azure-native:iotoperations:Dataflow").find((d) => d.name.endsWith("-hot"));
    const operations = (hot?.inputs.properties as { operations: { operationType: string; sourceSettings?: { dataSources: string[] }; builtInTransformationSettings?: { filter?: unknown[]; map?: { output: string }[] } }[] }).operations;
    assert.deepEqual(operations.find((o) => o.operationType === "Source")?.sourceSettings?.dataSources.sort(), ["site01/channel22/freezer01", "site01/channel22/freezer02", "site01/channel22/freezer06"]);
    const transform = operations.find((o) => o.operationType === "BuiltInTransformation")?.builtInTransformationSettings;
    assert.deepEqual(transform?.map?.map((m) => m.output), ["temperature", "humidity", "x-aio-topic"]);
    assert.equal(transform?.filter?.length, 1);
    const roles = find(resources, "azure-native:authorization:RoleAssignment").map((r) => r.inputs.principalId);
    assert.ok(roles.includes("11111111-1111-1111-1111-111111111111"), "AIO identity can send");
    assert.ok(roles.includes("22222222-2222-2222-2222-222222222222"), "ACSA identity owns the ingest blobs");
    assert.deepEqual(result.dr, { alias: "ef-site01-telemetry", secondaryLocation: "northeurope", standbyDatabase: false });
    // Serving: an Eventhouse of the site's own, the medallion schema in its database, and the
    // Eventstream into Bronze, which waits for the schema (Bronze and its mapping).
    const [eventhouse] = find(resources, "pulumi-nodejs:dynamic/fabric:Eventhouse");
    assert.equal(eventhouse.inputs.displayName, "ef-site01");
    const [schema] = find(resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema");
    assert.ok(schema.dependencies.includes(find(resources, "pulumi-nodejs:dynamic/fabric:KqlDatabase")[0].urn), "the schema goes into the Eventhouse's database");
    const [medallion] = find(resources, "edge-fabric:cloud:MedallionSchema");
    const [eventstream] = find(resources, "pulumi-nodejs:dynamic/fabric:Eventstream");
    assert.ok(eventstream.dependencies.includes(medallion.urn) || eventstream.dependencies.includes(schema.urn), "Eventstream waits for the schema");
    assert.deepEqual(await violations(resources), []);
});

test("an ADX site under mocks: own cluster, private, data connection after the schema, policies pass", async () => {
    const config = stackConfig("Pulumi.dev.yaml");
    const site = config[SITE_KEY] as Record<string, unknown>;
    site.serving = { kind: "adx", databaseName: "telemetry", capacity: 2 };
    // Dashboards and alerts are Fabric items: an ADX site has none.
    delete site.dashboard;
    delete site.alerts;
    (site.dr as Record<string, unknown>).standbyDatabase = true;
    const { values, secretKeys } = runtimeConfig(config);
    pulumi.runtime.setAllConfig(values, secretKeys);
    const { resources } = await synth(async () => (await siteProgram()).site.dataPath);
    const clusters = find(resources, "azure-native:kusto:Cluster");
    const cluster = clusters.find((c) => c.parent?.endsWith("site01-adx")) as RecordedResource;
    const standby = clusters.find((c) => c !== cluster) as RecordedResource;
    assert.equal(cluster.inputs.publicNetworkAccess, "Disabled");
    assert.equal(cluster.inputs.location, "westeurope");
    // DR: a standby cluster in the paired region, reading the hub through its own consumer group.
    assert.equal(standby.inputs.location, "northeurope");
    assert.equal(find(resources, "edge-fabric:cloud:AdxDatabase").find((a) => a.urn === standby.parent)?.parent, find(resources, "edge-fabric:cloud:DisasterRecovery")[0].urn);
    assert.deepEqual(find(resources, "azure-native:eventhub:ConsumerGroup").map((g) => g.inputs.consumerGroupName).sort(), ["eventhouse", "standby"]);
    assert.deepEqual(find(resources, "azure-native:kusto:EventHubDataConnection").map((c) => c.inputs.consumerGroup).sort(), ["eventhouse", "standby"]);
    assert.equal(find(resources, "edge-fabric:cloud:MedallionSchema").length, 2, "the standby gets the same schema");
    // The primary's connection is the one under the site's own database (the standby's sits under DisasterRecovery).
    const primaryDb = find(resources, "edge-fabric:cloud:AdxDatabase").find((a) => a.parent === find(resources, "edge-fabric:site:HybridSite")[0].urn) as RecordedResource;
    const connection = find(resources, "azure-native:kusto:EventHubDataConnection").find((c) => c.parent === primaryDb.urn) as RecordedResource;
    assert.equal(connection.inputs.consumerGroup, "eventhouse", "the primary reads with the serving consumer group, the standby with its own");
    assert.deepEqual(connection.inputs.eventSystemProperties, ["x-opt-partition-key"]);
    assert.equal(connection.inputs.eventHubResourceId, "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-edge-fabric-site01/providers/Microsoft.EventHub/namespaces/ef-site01-westeurope/eventhubs/telemetry");
    const medallion = find(resources, "edge-fabric:cloud:MedallionSchema").find((m) => m.parent === find(resources, "edge-fabric:site:HybridSite")[0].urn) as RecordedResource;
    const schema = find(resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema").find((k) => k.parent === medallion.urn) as RecordedResource;
    assert.ok(connection.dependencies.includes(medallion.urn) || connection.dependencies.includes(schema.urn), `the data connection waits for Bronze and its mapping: ${connection.dependencies.join(", ")}`);
    assert.equal(find(resources, "pulumi-nodejs:dynamic/fabric:Eventhouse").length, 0);
    assert.deepEqual(await violations(resources), []);
});

test("a shared-platform site under mocks: reads the platform stack, creates only its own parts", async () => {
    const { resources, references, result } = await synthSite("tests/fixtures/stacks/Pulumi.shared.yaml");
    assert.deepEqual([...new Set(references)], ["contoso/edge-fabric-platform/prod"]);
    assert.equal(find(resources, "azure-native:eventhub:Namespace").length, 0);
    assert.equal(find(resources, "azure-native:storage:StorageAccount").length, 0);
    assert.equal(find(resources, "edge-fabric:cloud:DisasterRecovery").length, 0);
    assert.equal(find(resources, "edge-fabric:cloud:MedallionSchema").length, 1);
    const hub = find(resources, "azure-native:eventhub:EventHub")[0];
    assert.equal(hub.inputs.partitionCount, 8);
    assert.equal(hub.inputs.namespaceName, "eventhubsnamespaceid");
    const captureWriter = find(resources, "azure-native:authorization:RoleAssignment").find((r) => r.name.endsWith("capture-writer"));
    assert.equal(captureWriter?.inputs.scope, "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-platform/providers/Microsoft.Storage/storageAccounts/stplatformarchive");
    assert.deepEqual(result.archive.containers, { capture: "site02-eh-capture", edgeIngest: "site02-edge-ingest", kqlExport: "site02-kql-export" });
    assert.equal(result.eventHubs.shared, true);
    assert.deepEqual(await violations(resources), [], "nothing the site creates breaks a policy");
});

test("resolvePlatform: every missing output, with its config path", async () => {
    const site: SiteConfig = parseSite(stackConfig("tests/fixtures/stacks/Pulumi.shared.yaml")[SITE_KEY]);
    const values: Record<string, string> = { eventHubsNamespaceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns", eventHubsPrincipalId: "33333333-3333-3333-3333-333333333333" };
    await assert.rejects(
        resolvePlatform(site, (name) => Promise.resolve(values[name])),
        (e: Error) =>
            e instanceof ValidationError &&
            e.message.includes('edge-fabric:site.serving.workspaceId: stack contoso/edge-fabric-platform/prod has no output "fabricWorkspaceId"') &&
            e.message.includes('edge-fabric:site.serving.queryUri: stack contoso/edge-fabric-platform/prod has no output "eventhouseQueryUri"'),
    );
    const all = await resolvePlatform(site, (name) => Promise.resolve(values[name] ?? `value-of-${name}`));
    assert.equal(all.eventHubs.namespaceId, values.eventHubsNamespaceId);
    assert.equal(all.serving.kind === "eventhouse" && all.serving.queryUri, "value-of-eventhouseQueryUri");
    assert.equal(all.edge.lines[0].name, "line1", "everything else is kept");
});

/** A stable uuid for a resource name (Fabric item ids are uuids). */
const idOf = (name: string): string => createHash("sha256").update(name).digest("hex").slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

/** Mocked Fabric outputs: item ids from the resource name, the Eventhouse's query URI from its workspace, a database's name. */
function fabricOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    if (!type.startsWith("pulumi-nodejs:dynamic/fabric:")) {
        return { ...armName(type, inputs), ...blobEndpoint(type, inputs) };
    }
    const kind = type.slice(type.lastIndexOf(":") + 1);
    return {
        itemId: idOf(name),
        ...(kind === "Eventhouse" ? { queryServiceUri: `https://${String(inputs.workspaceId).slice(0, 8)}.z0.kusto.fabric.microsoft.com` } : {}),
        ...(kind === "KqlDatabase" ? { databaseName: inputs.displayName } : {}),
    };
}

/** The sample config, edited, under mocks with Fabric outputs. */
async function synthEdited(edit: (site: Record<string, any>, config: Record<string, unknown>) => void, schema?: SchemaModel) {
    const config = stackConfig("Pulumi.dev.yaml");
    edit(config[SITE_KEY] as Record<string, any>, config);
    const { values, secretKeys } = runtimeConfig(config);
    pulumi.runtime.setAllConfig(values, secretKeys);
    return synth(async () => (await siteProgram({ schema })).site.dataPath, { outputs: fabricOutputs });
}

const SAMPLE_WORKSPACE = "6e335e92-a2a2-4b5a-970a-bd6a89fbb765";
const STANDBY_WORKSPACE = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
const STANDBY_CONNECTION = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const parentOf = (resources: RecordedResource[], r: RecordedResource) => resources.find((p) => p.urn === r.parent) as RecordedResource;

test("the sample site's serving layer under mocks: dashboard, Activator and Lakehouse bound to the site's KQL database", async () => {
    const { resources, result } = await synthEdited(() => undefined);
    const site = find(resources, "edge-fabric:site:HybridSite")[0];
    for (const type of ["edge-fabric:serving:RealTimeDashboard", "edge-fabric:serving:Alerts", "edge-fabric:serving:BatchLakehouse"]) {
        assert.deepEqual(find(resources, type).map((r) => r.parent), [site.urn], type);
    }
    const [dashboard] = find(resources, "pulumi-nodejs:dynamic/fabric:KqlDashboard");
    assert.equal(dashboard.inputs.workspaceId, SAMPLE_WORKSPACE);
    assert.equal(dashboard.inputs.displayName, "site01 cold chain");
    const definition = JSON.stringify(dashboard.inputs.dashboard);
    assert.ok(definition.includes(idOf("site01-eventhouse-database")) && definition.includes("https://6e335e92.z0.kusto.fabric.microsoft.com"), "bound to the Eventhouse's database and query URI");
    assert.ok(definition.includes('"defaultValue":{"count":12,"kind":"dynamic","unit":"hours"}'), "the configured time range");
    const [activator] = find(resources, "pulumi-nodejs:dynamic/fabric:Reflex");
    assert.equal(activator.inputs.displayName, "site01 alerts");
    assert.ok(JSON.stringify(activator.inputs.entities).includes(idOf("site01-eventhouse-database")));
    const [lakehouse] = find(resources, "pulumi-nodejs:dynamic/fabric:Lakehouse");
    assert.equal(lakehouse.inputs.displayName, "site01_lakehouse");
    const shortcuts = find(resources, "pulumi-nodejs:dynamic/fabric:OneLakeShortcut");
    // The tables whose mirroring policy is on in kql/4-lake.kql.
    assert.deepEqual(shortcuts.map((s) => s.inputs.name).sort(), ["GoldTagStats5mLake", "Silver"]);
    for (const s of shortcuts) {
        assert.deepEqual(s.inputs.target, { workspaceId: SAMPLE_WORKSPACE, itemId: idOf("site01-eventhouse-database"), path: `Tables/${String(s.inputs.name)}` });
    }
    assert.deepEqual(result.servingLayer, { dashboard: "site01 cold chain", alerts: ["freezer too warm"], lakehouse: { name: "site01_lakehouse", shortcuts: ["Silver", "GoldTagStats5mLake"] }, standby: false });
    assert.deepEqual(await violations(resources), []);
});

test("Silver's archive export: the schema resolves {archive} to the kqlExport container; the writer is granted on it (Fabric: the deployer, ADX: the cluster)", async () => {
    // An Eventhouse reaches the archive over its public endpoint only, so the private dev site leaves the export off by default.
    const dev = await synthEdited(() => undefined);
    assert.ok(!(find(dev.resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema")[0].inputs.scripts as { path: string }[]).some((f) => f.path === "5-export.kql"));
    const { resources } = await synthEdited((site) => (site.network = { publicNetworkAccess: true }));
    const [schema] = find(resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema");
    const exported = (schema.inputs.scripts as { path: string; text: string }[]).find((f) => f.path === "5-export.kql");
    assert.ok(exported?.text.includes("h@'https://efsite01archive.blob.core.windows.net/kql-export/silver;impersonate'"), exported?.text);
    const grant = find(resources, "azure-native:authorization:RoleAssignment").find((r) => r.name === "site01-medallion-archive-writer-deployer") as RecordedResource;
    assert.ok(grant, "the deployer may write the export (Fabric impersonation)");
    assert.deepEqual([grant.inputs.principalId, grant.inputs.principalType], ["00000000-0000-0000-0000-0000000000a1", "ServicePrincipal"]);
    assert.ok(schema.dependencies.includes(grant.urn) || schema.dependencies.includes(parentOf(resources, grant).urn), "the schema waits for the grant");
    // SilverArchive reads the export in place: while the export is on its container never reaches the (offline) archive tier.
    const rules = (find(resources, "azure-native:storage:ManagementPolicy")[0].inputs.policy as { rules: { definition: { filters: { prefixMatch: string[] }; actions: { baseBlob: Record<string, unknown> } } }[] }).rules;
    const exportRule = rules.find((r) => r.definition.filters.prefixMatch.includes("kql-export/"));
    assert.ok(exportRule && !("tierToArchive" in exportRule.definition.actions.baseBlob), JSON.stringify(rules));

    // ADX writes as a trusted service, so its export stays on by default with public access off.
    const adx = await synthEdited((site) => {
        site.serving = { kind: "adx" };
        delete site.dashboard;
        delete site.alerts;
    });
    const adxSchema = find(adx.resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema")[0];
    const adxScripts = adxSchema.inputs.scripts as { path: string; text: string }[];
    assert.ok(adxScripts.some((f) => f.text.includes("kql-export/silver;managed_identity=system")));
    // ADX: the site's database allows the cluster identity for the export, before the export script.
    const identity = adxScripts.findIndex((f) => f.path === "archive-identity.kql");
    assert.ok(identity >= 0 && adxScripts[identity + 1].path === "5-export.kql", adxScripts.map((f) => f.path).join(", "));
    assert.match(adxScripts[identity].text, /\.alter-merge database telemetry policy managed_identity ```\[\{"ObjectId":"system","AllowedUsages":"AutomatedFlows, ExternalTable"\}\]```/);
    // Fabric: no managed identity policy at all.
    assert.ok(!(schema.inputs.scripts as { path: string; text: string }[]).some((f) => f.path === "archive-identity.kql" || f.text.includes("policy managed_identity")));
    assert.ok(find(adx.resources, "azure-native:authorization:RoleAssignment").some((r) => r.name === "site01-adx-medallion-archive-writer-adx"));

    const off = await synthEdited((site) => (site.archive.export = { enabled: false }));
    assert.ok(!(find(off.resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema")[0].inputs.scripts as { path: string }[]).some((f) => f.path === "5-export.kql"));
});

test("serving layer switched off: no Fabric serving items, and no schema needed", async () => {
    const { resources, result } = await synthEdited((site) => {
        site.dashboard.enabled = false;
        site.lakehouse = { enabled: false };
        delete site.alerts;
    });
    assert.equal(resources.filter((r) => r.type.startsWith("edge-fabric:serving:")).length, 0);
    assert.equal(result.servingLayer, undefined);
});

test("a dashboard query the schema cannot run fails the program with the tile's config path", async () => {
    const model = structuredClone(await loadSiteSchema());
    delete model.materializedViews.GoldLatest;
    await assert.rejects(
        synthEdited(() => undefined, model),
        (e: Error) => e instanceof pulumi.RunError && /edge-fabric:site\.dashboard\.pages\[0\]\.tiles\[0\] "Latest value per asset and tag"/.test(e.message) && !/\n\s+at /.test(e.message),
    );
});

test("a Fabric site with a standby: Eventhouse in the standby workspace, same schema, reads the alias with the standby group, its own serving items", async () => {
    const { resources, result } = await synthEdited((site) => {
        Object.assign(site.dr, { standbyDatabase: true, standby: { workspaceId: STANDBY_WORKSPACE, eventHubConnectionId: STANDBY_CONNECTION } });
        site.network = { publicNetworkAccess: true };
    });
    const dr = find(resources, "edge-fabric:cloud:DisasterRecovery")[0];
    const standby = find(resources, "edge-fabric:cloud:Eventhouse").find((e) => e.parent === dr.urn) as RecordedResource;
    assert.ok(standby, "the standby Eventhouse sits under DisasterRecovery");
    const item = find(resources, "pulumi-nodejs:dynamic/fabric:Eventhouse").find((e) => e.parent === standby.urn) as RecordedResource;
    assert.deepEqual([item.inputs.workspaceId, item.inputs.displayName], [STANDBY_WORKSPACE, "ef-site01-standby"]);
    const schemas = find(resources, "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema");
    assert.equal(schemas.length, 2);
    const paths = (r: RecordedResource) => (r.inputs.scripts as { path: string }[]).map((f) => f.path);
    const [primary, standbySchema] = [schemas.find((k) => !k.name.includes("standby")), schemas.find((k) => k.name.includes("standby"))] as RecordedResource[];
    // The same medallion schema; only the primary exports Silver to the (geo-redundant) archive.
    assert.deepEqual(paths(standbySchema), paths(primary).filter((p) => p !== "5-export.kql"));
    assert.ok(paths(primary).includes("5-export.kql"));
    assert.ok(schemas.some((s) => s.inputs.clusterUri === "https://9a1b2c3d.z0.kusto.fabric.microsoft.com"), "applied on the standby Eventhouse");
    const eventstream = find(resources, "pulumi-nodejs:dynamic/fabric:Eventstream").find((e) => e.parent === standby.urn) as RecordedResource;
    assert.deepEqual([eventstream.inputs.eventHubConnectionId, eventstream.inputs.consumerGroup], [STANDBY_CONNECTION, "standby"]);
    assert.deepEqual(find(resources, "azure-native:eventhub:ConsumerGroup").map((g) => g.inputs.consumerGroupName).sort(), ["eventhouse", "standby"]);
    // The standby region's own serving items, from the standby database's outputs.
    const standbyDashboard = find(resources, "pulumi-nodejs:dynamic/fabric:KqlDashboard").find((d) => parentOf(resources, d).parent === dr.urn) as RecordedResource;
    assert.equal(standbyDashboard.inputs.workspaceId, STANDBY_WORKSPACE);
    assert.equal(standbyDashboard.inputs.displayName, "site01 cold chain (standby, northeurope)");
    assert.ok(JSON.stringify(standbyDashboard.inputs.dashboard).includes(idOf("site01-standby-database")));
    const activators = find(resources, "pulumi-nodejs:dynamic/fabric:Reflex").map((r) => r.inputs.displayName).sort();
    assert.deepEqual(activators, ["site01 alerts", "site01 alerts (standby, northeurope)"]);
    const lakehouses = find(resources, "pulumi-nodejs:dynamic/fabric:Lakehouse").map((l) => l.inputs.workspaceId).sort();
    assert.deepEqual(lakehouses, [SAMPLE_WORKSPACE, STANDBY_WORKSPACE].sort());
    assert.equal(result.servingLayer?.standby, true);
    assert.deepEqual(result.dr, { alias: "ef-site01-telemetry", secondaryLocation: "northeurope", standbyDatabase: true });
});

test("GitOps delivery under mocks: Flux pulls the edge volume, no kubeconfig and no Kubernetes provider; the token stays secret", async () => {
    const { resources, result } = await synthEdited((site, config) => {
        site.edge.cold.delivery = {
            mode: "gitops",
            clusterId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-site01-arc/providers/Microsoft.Kubernetes/connectedClusters/site01-arc",
            repository: { url: "https://github.com/contoso/plants.git", branch: "release", auth: { type: "https", username: "git" } },
        };
        delete config[KUBECONFIG_KEY];
        config[GITOPS_CREDENTIAL_KEY] = { secure: "v1:dG9rZW4=" };
    });
    assert.equal(resources.filter((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes").length, 0);
    const volume = find(resources, "edge-fabric:edge:EdgeVolumeGitOps")[0];
    assert.equal(volume.parent, find(resources, "edge-fabric:site:HybridSite")[0].urn);
    const flux = find(resources, "azure-native:kubernetesconfiguration:FluxConfiguration")[0];
    assert.equal(flux.parent, volume.urn);
    assert.deepEqual(flux.inputs.gitRepository, { url: "https://github.com/contoso/plants.git", repositoryRef: { branch: "release" }, syncIntervalInSeconds: 600, timeoutInSeconds: 600, httpsUser: "git" });
    assert.equal((flux.inputs.kustomizations as Record<string, { path: string }>)["edge-volume"].path, "./clusters/site01/edge-fabric");
    assert.equal(flux.inputs.clusterName, "site01-arc");
    assert.equal((flux.inputs.configurationProtectedSettings as Record<string, unknown>)[pulumi.runtime.specialSigKey], pulumi.runtime.specialSecretSig);
    const endpoint = find(resources, "azure-native:iotoperations:DataflowEndpoint").find((e) => e.name.endsWith("edge-volume")) as RecordedResource;
    assert.equal((endpoint.inputs.properties as { localStorageSettings: { persistentVolumeClaimRef: string } }).localStorageSettings.persistentVolumeClaimRef, "site01-cold");
    assert.deepEqual(result.edgeVolume, { claim: "site01-cold", path: "ingest", delivery: "gitops", repository: "https://github.com/contoso/plants.git" });
});

test("serving.eventstreamSource eventHubs under mocks: a Listen-only rule on the hub, its key a secret in a Fabric connection the Eventstream names; local auth on the primary only, tagged; the policy pack passes", async () => {
    const { resources } = await synthEdited((site) => {
        site.serving.eventstreamSource = "eventHubs";
    });
    const [rule, ...moreRules] = find(resources, "azure-native:eventhub:EventHubAuthorizationRule");
    assert.deepEqual(moreRules, [], "one rule");
    assert.equal(find(resources, "azure-native:eventhub:NamespaceAuthorizationRule").length, 0, "never a namespace-wide rule");
    assert.deepEqual([rule.inputs.authorizationRuleName, rule.inputs.eventHubName, rule.inputs.namespaceName, rule.inputs.rights], ["fabric-listen", "telemetry", "ef-site01-westeurope", ["Listen"]]);
    const [primary, secondary] = ["site01-eventhubs-ns", "site01-dr-secondary"].map((n) => find(resources, "azure-native:eventhub:Namespace").find((r) => r.name === n) as RecordedResource);
    assert.equal(primary.inputs.disableLocalAuth, false);
    assert.equal((primary.inputs.tags as Record<string, string>).edgeFabricLocalAuth, "listen-only");
    assert.equal(secondary.inputs.disableLocalAuth, true, "the geo-DR secondary keeps Entra ID only");
    assert.equal((secondary.inputs.tags as Record<string, string>).edgeFabricLocalAuth, undefined);
    const connection = find(resources, "pulumi-nodejs:dynamic/fabric:Connection")[0];
    assert.deepEqual(connection.inputs.parameters, [
        { name: "endpoint", value: "ef-site01-westeurope.servicebus.windows.net" },
        { name: "entityPath", value: "telemetry" },
    ]);
    assert.deepEqual([connection.inputs.connectionType, connection.inputs.creationMethod, connection.inputs.credentialType, connection.inputs.username], ["EventHub", "EventHub.Contents", "Basic", "fabric-listen"]);
    // The key read from the rule reaches the connection only as a Pulumi secret.
    const secret = connection.inputs.secret as Record<string, unknown>;
    assert.equal(secret[pulumi.runtime.specialSigKey], pulumi.runtime.specialSecretSig);
    assert.equal(secret.value, MOCK_EVENT_HUB_KEY);
    assert.ok(connection.dependencies.includes(rule.urn), "the connection waits for its rule");
    assert.equal(connection.inputs.skipTestConnection, true, "Fabric reaches the private namespace only once its managed private endpoint is approved");
    const eventstream = find(resources, "pulumi-nodejs:dynamic/fabric:Eventstream")[0];
    assert.deepEqual(eventstream.propertyDependencies.eventHubConnectionId, [connection.urn]);
    assert.equal(eventstream.inputs.consumerGroup, "eventhouse");
    // One hot dataflow (to Event Hubs): no custom endpoint, no workspace role for the edge.
    assert.deepEqual(find(resources, "azure-native:iotoperations:Dataflow").map((d) => d.inputs.dataflowName).filter((n) => String(n).startsWith("hot")), ["hot"]);
    assert.equal(find(resources, "pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment").length, 0);
    assert.equal(find(resources, "pulumi-nodejs:dynamic/fabric:ManagedPrivateEndpoint").length, 1, "Fabric reads the private namespace through its managed private endpoint");
    assert.deepEqual(await violations(resources), []);
});

test("serving.eventstreamSource: customEndpoint with an adopted connection is refused at its config path", async () => {
    await assert.rejects(
        synthEdited((site) => {
            Object.assign(site.serving, { eventstreamSource: "customEndpoint", eventHubConnectionId: STANDBY_CONNECTION });
        }),
        (e: Error) => e instanceof pulumi.RunError && /edge-fabric:site\.serving\.eventstreamSource: customEndpoint has the edge write to the Eventstream, so it reads no Fabric connection/.test(e.message),
    );
});

test("serving.workspaceRolesGrantedBy platform under mocks: no workspace role assignment, the keyless path otherwise unchanged, the policy pack passes", async () => {
    const { resources } = await synthEdited((site) => {
        site.serving.workspaceRolesGrantedBy = "platform";
    });
    assert.equal(find(resources, "pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment").length, 0);
    assert.equal(find(resources, "pulumi-nodejs:dynamic/fabric:EventstreamSourceConnection").length, 1, "the edge still writes to the custom endpoint");
    assert.deepEqual(await violations(resources), []);
});
