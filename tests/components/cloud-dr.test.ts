import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveStorage } from "../../components/cloud/archive";
import { DisasterRecovery, type DisasterRecoveryArgs, type StandbyContext } from "../../components/cloud/disaster-recovery";
import { EventHubsIngestion, type EventHubsIngestionArgs } from "../../components/cloud/eventhubs";
import { PrivateNetwork } from "../../components/cloud/private-network";
import { ValidationError } from "../../components/validation";
import { synth } from "../../cli/synth";
import { all, component, one, outputs, role } from "./cloud-harness";
import { value } from "./output-value";

const SENDER = "2b629674-e913-4c01-ae53-ef4638d8f975";
const RECEIVER = "a638d3c7-ab3a-418d-83e6-5f17a39d4fde";
const BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

const primaryArgs = (archive?: ArchiveStorage): EventHubsIngestionArgs => ({
    resourceGroupName: "rg-plant",
    publicNetworkAccess: "Enabled",
    namespaceName: "plant-ns",
    capacity: 2,
    autoInflateMaximum: 6,
    hubs: [{ name: "telemetry", consumerGroups: ["eventhouse", "standby"] }],
    senders: [{ name: "aio", principalId: "aio-principal" }],
    receivers: [{ name: "eventhouse", principalId: "eh-principal" }],
    capture: archive ? { storageAccountId: archive.accountId, containerName: archive.containerNames.capture } : undefined,
});

/** A stand-in for the Eventhouse + MedallionSchema composition the site injects (built elsewhere). */
class FakeStandby extends pulumi.ComponentResource {
    readonly queryServiceUri: pulumi.Output<string>;
    constructor(name: string, readonly ctx: StandbyContext) {
        super("edge-fabric:test:FakeStandby", name, {}, { parent: ctx.parent });
        this.queryServiceUri = pulumi.output(`https://${ctx.location}.kusto.example`);
        this.registerOutputs({});
    }
}

test("pairs a mirrored secondary namespace through a geo-DR alias and exposes the alias host", async () => {
    const { resources, result } = await synth(() => {
        const archive = new ArchiveStorage("arch", { resourceGroupName: "rg-plant", publicNetworkAccess: "Disabled" });
        const primary = new EventHubsIngestion("plant", primaryArgs(archive));
        let seen: StandbyContext | undefined;
        const dr = new DisasterRecovery("plant-dr", {
            primary,
            primaryLocation: "westeurope",
            secondaryLocation: "northeurope",
            secondaryResourceGroupName: "rg-plant-dr",
            alias: "plant-a",
            archive,
            standby: (ctx) => {
                seen = ctx;
                const s = new FakeStandby("standby", ctx);
                return { queryServiceUri: s.queryServiceUri, databaseName: "plant_a", reader: { name: "standby-kusto", principalId: "standby-principal" } };
            },
        });
        return { dr, aliasHost: dr.aliasHost, seenHost: (seen as unknown as StandbyContext).eventHubsHost, seen: seen as unknown as StandbyContext, uri: dr.standby?.queryServiceUri, archiveSecondary: dr.archiveSecondaryBlobEndpoint };
    }, { outputs });
    const self = component(resources, "DisasterRecovery", "plant-dr");
    const secondary = one(resources, "eventhub:Namespace", "plant-dr-secondary");
    assert.equal(secondary.parent, self.urn);
    assert.equal(secondary.inputs.location, "northeurope");
    assert.equal(secondary.inputs.resourceGroupName, "rg-plant-dr");
    assert.deepEqual(secondary.inputs.sku, { name: "Standard", tier: "Standard", capacity: 2 }, "mirrors the primary's capacity");
    assert.equal(secondary.inputs.maximumThroughputUnits, 6);
    assert.equal(secondary.inputs.minimumTlsVersion, "1.2");
    assert.equal(secondary.inputs.disableLocalAuth, true);
    assert.equal(secondary.inputs.publicNetworkAccess, "Enabled");
    assert.deepEqual(secondary.inputs.identity, { type: "SystemAssigned" });

    const alias = one(resources, "eventhub:DisasterRecoveryConfig", "plant-dr-alias");
    assert.equal(alias.inputs.alias, "plant-a");
    assert.equal(alias.inputs.namespaceName, "plant-ns", "the alias is created on the primary");
    assert.equal(alias.inputs.resourceGroupName, "rg-plant");
    assert.equal(alias.inputs.partnerNamespace, "plant-dr-secondary-id");
    assert.ok(alias.dependencies.includes(secondary.urn));
    assert.equal(await value(result.aliasHost), "plant-a.servicebus.windows.net");

    // The standby was built under this component, in the second region, reading through the alias.
    const standby = resources.find((r) => r.type === "edge-fabric:test:FakeStandby");
    assert.equal(standby?.parent, self.urn);
    assert.equal(result.seen.location, "northeurope");
    assert.deepEqual(result.seen.eventHubNames, ["telemetry"]);
    assert.equal(result.seen.consumerGroup, "standby");
    assert.equal(await value(result.seenHost), "plant-a.servicebus.windows.net");
    assert.equal(await value(result.uri as pulumi.Output<string>), "https://northeurope.kusto.example");
    assert.equal(await value(result.archiveSecondary as pulumi.Output<string | undefined>), "https://arch-account-secondary.blob.core.windows.net/");

    const grants = all(resources, "authorization:RoleAssignment")
        .filter((r) => r.name.startsWith("plant-dr-"))
        .map((r) => [r.name, r.inputs.scope, r.inputs.principalId, r.inputs.roleDefinitionId]);
    assert.deepEqual(grants.sort(), [
        ["plant-dr-capture-writer", "arch-account-id", "plant-dr-secondary-principal", role(BLOB_CONTRIBUTOR)],
        ["plant-dr-secondary-read-eventhouse", "plant-dr-secondary-id", "eh-principal", role(RECEIVER)],
        ["plant-dr-secondary-read-standby-kusto", "plant-dr-secondary-id", "standby-principal", role(RECEIVER)],
        ["plant-dr-secondary-send-aio", "plant-dr-secondary-id", "aio-principal", role(SENDER)],
        ["plant-dr-telemetry-read-standby-kusto", "plant-telemetry-id", "standby-principal", role(RECEIVER)],
    ]);
});

test("without a standby factory or archive, only the secondary and the alias are created", async () => {
    const { resources, result } = await synth(() => {
        const primary = new EventHubsIngestion("plant", primaryArgs());
        const dr = new DisasterRecovery("dr", { primary, secondaryLocation: "northeurope", alias: "plant-a", secondary: { zoneRedundant: false } });
        return { dr };
    }, { outputs });
    assert.equal(one(resources, "eventhub:Namespace", "dr-secondary").inputs.zoneRedundant, false, "override of one mirrored setting");
    assert.equal(one(resources, "eventhub:Namespace", "dr-secondary").inputs.resourceGroupName, "rg-plant", "defaults to the primary's group");
    assert.equal(all(resources, "authorization:RoleAssignment").filter((r) => r.name === "dr-capture-writer").length, 0);
    assert.equal(result.dr.standby, undefined);
    assert.equal(result.dr.archiveSecondaryBlobEndpoint, undefined);
});

test("an adopted primary needs the secondary's settings spelled out", async () => {
    const { resources } = await synth(() => {
        const primary = new EventHubsIngestion("shared", { existingNamespace: { id: "/subscriptions/s/resourceGroups/rg-p/providers/Microsoft.EventHub/namespaces/platform" }, hubs: [{ name: "t" }] });
        return new DisasterRecovery("dr", {
            primary,
            secondaryLocation: "northeurope",
            alias: "platform-alias",
            secondary: { sku: "Standard", capacity: 4, zoneRedundant: true, publicNetworkAccess: "Enabled", allowLocalAuth: false },
        });
    }, { outputs });
    const alias = one(resources, "eventhub:DisasterRecoveryConfig", "dr-alias");
    assert.equal(alias.inputs.namespaceName, "platform");
    assert.equal(alias.inputs.resourceGroupName, "rg-p");
    assert.deepEqual(one(resources, "eventhub:Namespace", "dr-secondary").inputs.sku, { name: "Standard", tier: "Standard", capacity: 4 });
});

test("refuses an unsafe pairing before registering anything", async () => {
    const { resources, result } = await synth(() => {
        const lrs = new ArchiveStorage("lrs", { resourceGroupName: "rg", publicNetworkAccess: "Disabled", sku: "Standard_LRS" });
        const primary = new EventHubsIngestion("plant", { ...primaryArgs(), hubs: [{ name: "telemetry", consumerGroups: ["eventhouse"] }] });
        const adopted = new EventHubsIngestion("shared", { existingNamespace: { id: "/subscriptions/s/resourceGroups/rg-p/providers/Microsoft.EventHub/namespaces/platform" }, hubs: [{ name: "t" }] });
        const attempt = (args: DisasterRecoveryArgs): string[] => {
            try {
                new DisasterRecovery("bad", args);
            } catch (err) {
                assert.ok(err instanceof ValidationError, String(err));
                return err.problems.map((p) => `${p.path}: ${p.message}`);
            }
            return assert.fail("accepted");
        };
        return {
            bad: attempt({ primary, primaryLocation: "westeurope", secondaryLocation: "westeurope", alias: "-bad", archive: lrs, standby: () => ({ queryServiceUri: "x", databaseName: "y" }), secondary: { capacity: 99 } }),
            tier: attempt({ primary, secondaryLocation: "northeurope", alias: "plant-a", secondary: { sku: "Premium" } }),
            adopted: attempt({ primary: adopted, secondaryLocation: "northeurope", alias: "ok-alias" }),
        };
    }, { outputs });
    assert.equal(resources.filter((r) => r.name.startsWith("bad")).length, 0, "nothing registered for the refused component");
    assert.deepEqual(result.bad.map((l) => l.slice(0, l.indexOf(":"))), ["secondary.capacity", "secondary.autoInflateMaximum", "secondaryLocation", "alias", "archive", "standbyConsumerGroup"]);
    assert.match(result.bad[0], /capacity: must be an integer from 1 to 40/);
    assert.match(result.bad[1], /autoInflateMaximum: must be at least capacity \(99\), got 6/);
    assert.deepEqual(result.tier, ["secondary.sku: must match the primary's Standard: a geo-DR pair of different tiers cannot take over the primary's load"]);
    assert.match(result.bad[2], /must be a region other than the primary's \("westeurope"\)/);
    assert.match(result.bad[4], /account is Standard_LRS, which keeps no copy in the paired region; use sku "Standard_RAGRS"/);
    assert.match(result.bad[5], /"standby" is not a consumer group of hub\(s\) telemetry; add it to their consumerGroups/);
    assert.deepEqual(result.adopted, ["secondary: needs sku, capacity, zoneRedundant, publicNetworkAccess, allowLocalAuth: the primary namespace is adopted, so there are no settings to mirror"]);
});

test("an auto-named site settles under plain synth, as `plan` runs it (no mocked outputs)", { timeout: 20_000 }, async () => {
    const { result } = await synth(() => {
        const primary = new EventHubsIngestion("plant", { resourceGroupName: "rg", publicNetworkAccess: "Enabled", hubs: [{ name: "t", consumerGroups: ["standby"] }] });
        const dr = new DisasterRecovery("dr", { primary, secondaryLocation: "northeurope", alias: "plant-a" });
        return { host: primary.host, alias: dr.aliasHost, secondary: dr.secondaryNamespaceName };
    });
    assert.equal(await value(result.host), "plant-ns.servicebus.windows.net");
    assert.equal(await value(result.alias), "plant-a.servicebus.windows.net");
    assert.equal(await value(result.secondary), "dr-secondary");
});

test("public access off: the secondary gets a private endpoint beside the primary's, in the same zone, and the pairing waits for both; without one the pairing is refused", async () => {
    const subnetId = "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/plant/subnets/endpoints";
    const { resources, result } = await synth(() => {
        const primary = new EventHubsIngestion("plant", { ...primaryArgs(), publicNetworkAccess: "Disabled" });
        const privateNetwork = new PrivateNetwork("net", { resourceGroupName: "rg-plant", location: "westeurope", subnetId, targets: [{ name: "eventhubs", resourceId: primary.namespaceId, subresource: "namespace" }] });
        new DisasterRecovery("dr", { primary, primaryLocation: "westeurope", secondaryLocation: "northeurope", alias: "plant-a", privateNetwork });
        try {
            new DisasterRecovery("bare", { primary, primaryLocation: "westeurope", secondaryLocation: "northeurope", alias: "plant-b" });
        } catch (err) {
            return String(err);
        }
        return "accepted";
    }, { outputs });
    // https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr#private-endpoints: a pairing fails unless both namespaces have a private endpoint.
    assert.match(result, /privateNetwork: is required when public network access is Disabled/);
    const endpoints = all(resources, "network:PrivateEndpoint");
    assert.deepEqual(endpoints.map((e) => e.name).sort(), ["dr-secondary-private-eventhubs-secondary-pe", "net-eventhubs-pe"]);
    const secondaryEndpoint = one(resources, "network:PrivateEndpoint", "dr-secondary-private-eventhubs-secondary-pe");
    assert.equal((secondaryEndpoint.inputs.subnet as { id: string }).id, subnetId, "the plant's subnet reaches the secondary too");
    assert.equal(all(resources, "privatedns:PrivateZone").length, 1, "one privatelink.servicebus.windows.net zone for both endpoints");
    const pairing = one(resources, "eventhub:DisasterRecoveryConfig", "dr-alias");
    const urnOf = (name: string) => endpoints.find((e) => e.name === name)?.urn ?? assert.fail(name);
    for (const name of ["net-eventhubs-pe", "dr-secondary-private-eventhubs-secondary-pe"]) {
        assert.ok(pairing.dependencies.includes(urnOf(name)), `the pairing waits for ${name}`);
    }
    assert.equal(resources.filter((r) => r.name.startsWith("bare")).length, 0, "nothing registered for the refused pairing");
});
