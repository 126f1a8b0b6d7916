import { test } from "node:test";
import assert from "node:assert/strict";
import { ArchiveStorage } from "../../components/cloud/archive";
import { EventHubsIngestion, type EventHubsIngestionArgs } from "../../components/cloud/eventhubs";
import { ValidationError } from "../../components/validation";
import { synth } from "../../cli/synth";
import { all, component, one, outputs, role } from "./cloud-harness";
import { value } from "./output-value";

const SENDER = "2b629674-e913-4c01-ae53-ef4638d8f975";
const RECEIVER = "a638d3c7-ab3a-418d-83e6-5f17a39d4fde";
const BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

const base: EventHubsIngestionArgs = {
    resourceGroupName: "rg-plant",
    publicNetworkAccess: "Disabled",
    hubs: [{ name: "telemetry", consumerGroups: ["eventhouse", "spark"] }, { name: "alarms", retentionDays: 3 }],
};

test("creates a secure namespace sized from the telemetry profile, with hubs and consumer groups as children", async () => {
    const { resources, result } = await synth(
        () => {
            const eh = new EventHubsIngestion("plant", { ...base, telemetry: { assets: 200, tagsPerAsset: 50, samplesPerSecond: 1, bytesPerMessage: 200 } });
            return { eh, host: eh.host };
        },
        { outputs },
    );
    const self = component(resources, "EventHubsIngestion", "plant");
    const ns = one(resources, "eventhub:Namespace", "plant-ns");
    assert.deepEqual(ns.inputs.sku, { name: "Standard", tier: "Standard", capacity: 15 });
    assert.equal(ns.inputs.isAutoInflateEnabled, true);
    assert.equal(ns.inputs.maximumThroughputUnits, 30);
    assert.equal(ns.inputs.minimumTlsVersion, "1.2");
    assert.equal(ns.inputs.disableLocalAuth, true);
    assert.equal(ns.inputs.publicNetworkAccess, "Disabled");
    assert.equal(ns.inputs.zoneRedundant, true);
    assert.deepEqual(ns.inputs.identity, { type: "SystemAssigned" });
    assert.equal(ns.parent, self.urn);

    const telemetry = one(resources, "eventhub:EventHub", "plant-telemetry");
    assert.equal(telemetry.inputs.eventHubName, "telemetry");
    assert.equal(telemetry.inputs.partitionCount, 30);
    assert.equal(telemetry.inputs.messageRetentionInDays, 7);
    assert.equal(telemetry.inputs.namespaceName, "plant-ns");
    assert.equal(telemetry.inputs.resourceGroupName, "rg-plant");
    assert.equal(telemetry.inputs.captureDescription, undefined, "no capture unless asked");
    assert.equal(telemetry.parent, self.urn);
    assert.equal(one(resources, "eventhub:EventHub", "plant-alarms").inputs.messageRetentionInDays, 3);

    const groups = all(resources, "eventhub:ConsumerGroup");
    assert.deepEqual(groups.map((g) => [g.name, g.inputs.consumerGroupName, g.inputs.eventHubName]).sort(), [
        ["plant-telemetry-eventhouse", "eventhouse", "telemetry"],
        ["plant-telemetry-spark", "spark", "telemetry"],
    ]);
    assert.equal(await value(result.host), "plant-ns.servicebus.windows.net");
    assert.deepEqual(result.eh.consumerGroups, { telemetry: ["eventhouse", "spark"], alarms: [] });
    assert.equal(all(resources, "authorization:RoleAssignment").length, 0);
});

test("captures each hub into the archive's capture container with the namespace identity, granted first", async () => {
    const { resources } = await synth(
        () => {
            const archive = new ArchiveStorage("arch", { resourceGroupName: "rg-plant", publicNetworkAccess: "Disabled" });
            return new EventHubsIngestion("plant", {
                ...base,
                hubs: [{ name: "telemetry" }, { name: "alarms", capture: false }],
                capture: { storageAccountId: archive.accountId, containerName: archive.containerNames.capture, intervalSeconds: 120, sizeLimitBytes: 10_485_760 },
            });
        },
        { outputs },
    );
    const hub = one(resources, "eventhub:EventHub", "plant-telemetry");
    assert.deepEqual(hub.inputs.captureDescription, {
        enabled: true,
        encoding: "Avro",
        intervalInSeconds: 120,
        sizeLimitInBytes: 10_485_760,
        skipEmptyArchives: true,
        destination: {
            name: "EventHubArchive.AzureBlockBlob",
            storageAccountResourceId: "arch-account-id",
            blobContainer: "eh-capture",
            archiveNameFormat: "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}",
            identity: { type: "SystemAssigned" },
        },
    });
    assert.equal(one(resources, "eventhub:EventHub", "plant-alarms").inputs.captureDescription, undefined, "per-hub opt-out");
    const writer = one(resources, "authorization:RoleAssignment", "plant-capture-writer");
    assert.equal(writer.inputs.scope, "arch-account-id");
    assert.equal(writer.inputs.principalId, "plant-ns-principal");
    assert.equal(writer.inputs.principalType, "ServicePrincipal");
    assert.equal(writer.inputs.roleDefinitionId, role(BLOB_CONTRIBUTOR));
    assert.ok(hub.dependencies.includes(writer.urn), "capture is enabled only after its writer role exists");
});

test("grants Data Sender and Data Receiver per hub, scoped to the hub", async () => {
    const { resources } = await synth(
        () =>
            new EventHubsIngestion("plant", {
                ...base,
                senders: [{ name: "aio", principalId: "aio-principal" }],
                receivers: [{ name: "eventhouse", principalId: "eh-principal", principalType: "Group" }],
            }),
        { outputs },
    );
    const assignments = all(resources, "authorization:RoleAssignment").map((r) => [r.name, r.inputs.scope, r.inputs.principalId, r.inputs.roleDefinitionId, r.inputs.principalType]);
    assert.deepEqual(assignments.sort(), [
        ["plant-alarms-read-eventhouse", "plant-alarms-id", "eh-principal", role(RECEIVER), "Group"],
        ["plant-alarms-send-aio", "plant-alarms-id", "aio-principal", role(SENDER), "ServicePrincipal"],
        ["plant-telemetry-read-eventhouse", "plant-telemetry-id", "eh-principal", role(RECEIVER), "Group"],
        ["plant-telemetry-send-aio", "plant-telemetry-id", "aio-principal", role(SENDER), "ServicePrincipal"],
    ]);
});

test("every secure default can be opted out of explicitly", async () => {
    const { resources } = await synth(
        () => new EventHubsIngestion("open", { ...base, publicNetworkAccess: "Enabled", allowLocalAuth: true, zoneRedundant: false, capacity: 3, autoInflateMaximum: false, namespaceName: "open-ns", location: "westeurope", tags: { site: "a" } }),
        { outputs },
    );
    const ns = one(resources, "eventhub:Namespace", "open-ns");
    assert.equal(ns.inputs.publicNetworkAccess, "Enabled");
    assert.equal(ns.inputs.disableLocalAuth, false);
    assert.equal(ns.inputs.zoneRedundant, false);
    assert.equal(ns.inputs.isAutoInflateEnabled, false);
    assert.equal(ns.inputs.maximumThroughputUnits, undefined);
    assert.deepEqual(ns.inputs.sku, { name: "Standard", tier: "Standard", capacity: 3 });
    assert.equal(ns.inputs.namespaceName, "open-ns");
    assert.equal(ns.inputs.location, "westeurope");
    assert.equal(ns.inputs.minimumTlsVersion, "1.2", "TLS 1.2 has no opt-out");
    assert.equal(one(resources, "eventhub:EventHub", "open-telemetry").inputs.partitionCount, 4);
});

test("Premium: processing units, no auto-inflate, 90-day retention allowed", async () => {
    const { resources } = await synth(() => new EventHubsIngestion("prem", { ...base, sku: "Premium", capacity: 2, hubs: [{ name: "telemetry", retentionDays: 90, partitionCount: 64 }] }), { outputs });
    const ns = one(resources, "eventhub:Namespace", "prem-ns");
    assert.deepEqual(ns.inputs.sku, { name: "Premium", tier: "Premium", capacity: 2 });
    assert.equal(ns.inputs.isAutoInflateEnabled, false);
    assert.equal(one(resources, "eventhub:EventHub", "prem-telemetry").inputs.messageRetentionInDays, 90);
});

test("adopts an existing namespace by id: no namespace created, hubs and capture grant go to it", async () => {
    const id = "/subscriptions/s1/resourceGroups/rg-shared/providers/Microsoft.EventHub/namespaces/platform-ns";
    const { resources, result } = await synth(() => {
        const eh = new EventHubsIngestion("site", {
            existingNamespace: { id, capturePrincipalId: "platform-ns-principal" },
            hubs: [{ name: "site-a" }],
            capture: { storageAccountId: "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/arch", containerName: "eh-capture" },
        });
        return { eh, host: eh.host, nsId: eh.namespaceId };
    }, { outputs });
    assert.equal(all(resources, "eventhub:Namespace").length, 0);
    const hub = one(resources, "eventhub:EventHub", "site-site-a");
    assert.equal(hub.inputs.namespaceName, "platform-ns");
    assert.equal(hub.inputs.resourceGroupName, "rg-shared");
    assert.equal(one(resources, "authorization:RoleAssignment", "site-capture-writer").inputs.principalId, "platform-ns-principal");
    assert.equal(await value(result.host), "platform-ns.servicebus.windows.net");
    assert.equal(await value(result.nsId), id);
    assert.equal(result.eh.namespaceSettings, undefined);
});

function refused(args: EventHubsIngestionArgs): string[] {
    try {
        new EventHubsIngestion("bad", args);
    } catch (err) {
        assert.ok(err instanceof ValidationError, String(err));
        assert.match(err.message, /^EventHubsIngestion "bad": /);
        return err.problems.map((p) => `${p.path}: ${p.message}`);
    }
    assert.fail("accepted");
}

test("refuses bad props, all at once, before registering anything", async () => {
    const { resources, result } = await synth(() => ({
        missing: refused({ hubs: [] }),
        limits: refused({
            ...base,
            capacity: 41,
            autoInflateMaximum: 20,
            hubs: [{ name: "t", retentionDays: 8, partitionCount: 33, consumerGroups: ["$Default", "a", "a"] }, { name: "t" }],
            capture: { storageAccountId: "x", containerName: "c", intervalSeconds: 30, sizeLimitBytes: 1, archiveNameFormat: "{Namespace}/{EventHub}/{Year}" },
            senders: [{ name: "aio", principalId: "p" }, { name: "aio", principalId: "q" }],
        }),
        premium: refused({ ...base, sku: "Premium", capacity: 1, autoInflateMaximum: 4, hubs: [{ name: "a", partitionCount: 100 }, { name: "b", partitionCount: 101 }] }),
        adopt: refused({ existingNamespace: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x" }, capacity: 2, publicNetworkAccess: "Enabled", hubs: [{ name: "t" }], capture: { storageAccountId: "x", containerName: "c" } }),
        sizing: refused({ ...base, telemetry: { assets: 1000, tagsPerAsset: 100, samplesPerSecond: 1, bytesPerMessage: 200 } }),
    }));
    assert.deepEqual(resources, [], "nothing registered");
    assert.deepEqual(result.missing, [
        "resourceGroupName: is required when creating a namespace (or set existingNamespace to adopt one)",
        `publicNetworkAccess: must be set deliberately: "Disabled" (private endpoints only), "Enabled" or "SecuredByPerimeter"`,
        "hubs: must list at least one event hub",
    ]);
    const paths = result.limits.map((l) => l.slice(0, l.indexOf(":")));
    assert.deepEqual(paths, [
        "capacity",
        "autoInflateMaximum",
        "hubs[0].partitionCount",
        "hubs[0].retentionDays",
        "hubs[0].consumerGroups[0]",
        "hubs[0].consumerGroups",
        "hubs[1].name",
        "capture.intervalSeconds",
        "capture.sizeLimitBytes",
        "capture.archiveNameFormat",
        "senders[1].name",
    ]);
    assert.match(result.limits[0], /capacity: must be an integer from 1 to 40 \(Standard units per namespace, Event Hubs quotas/);
    assert.match(result.limits[3], /retentionDays: must be an integer from 1 to 7 \(Standard retention/);
    assert.match(result.limits[9], /lacks \{PartitionId\}, \{Month\}, \{Day\}, \{Hour\}, \{Minute\}, \{Second\}; every token is mandatory/);
    assert.deepEqual(result.premium.map((l) => l.slice(0, l.indexOf(":"))), ["autoInflateMaximum", "hubs[1].partitionCount", "hubs"]);
    assert.match(result.premium[0], /auto-inflate applies to Standard throughput units only, not Premium/);
    assert.match(result.premium[2], /hold 201 partitions in all; Premium allows 200 per namespace at 1 units/);
    assert.deepEqual(result.adopt.map((l) => l.slice(0, l.indexOf(":"))), ["existingNamespace", "existingNamespace.id", "existingNamespace.capturePrincipalId"]);
    assert.match(result.adopt[0], /capacity, publicNetworkAccess belong to its owner/);
    assert.match(result.sizing[0], /^telemetry: needs 150 throughput units .* Standard allows at most 40 per namespace/);
});
