import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Io } from "../../cli/io";
import { run } from "../../cli/main";
import type { PlannedResource } from "../../cli/plan";
import { PLATFORM_OUTPUTS, checkPlatformReferences, platformPlaceholder } from "../../components/platform/contract";
import type { PlatformOutputName } from "../../components/platform/contract";
import { validateFabricCapacityArgs } from "../../components/platform/fabric-capacity";
import { validatePlatformWorkspaceArgs } from "../../components/platform/platform-workspace";
import { synth } from "../../cli/synth";
import { DisasterRecovery } from "../../components/cloud/disaster-recovery";
import { parsePlatform, platformProgram } from "../../stacks/platform";

const root = resolve(__dirname, "../../..");

function capture(): Io & { lines: string[]; errors: string[] } {
    const lines: string[] = [];
    const errors: string[] = [];
    return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

test("capacity: SKU, administrators and name are validated with the arg, the rule and the value", () => {
    const problems = validateFabricCapacityArgs("cap", { capacityName: "Cap-1", resourceGroupName: "rg", location: "westeurope", sku: "P1", administrators: ["not an admin", "ops@contoso.com", "OPS@contoso.com"] });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    assert.match(byPath.capacityName, /3-63 lowercase letters and digits starting with a letter, got "Cap-1"/);
    assert.match(byPath.sku, /must be one of F2, F4, .* F2048, got "P1" \(P and A SKUs are not Fabric capacities\)/);
    assert.match(byPath["administrators[0]"], /user principal name .* or a service principal object id \(uuid\), got "not an admin"/);
    assert.match(byPath.administrators, /lists an administrator twice/);
    assert.match(validateFabricCapacityArgs("cap", { resourceGroupName: "rg", location: "westeurope" }).map((p) => p.message).join("\n"), /needs at least one capacity administrator/);
    assert.deepEqual(validateFabricCapacityArgs("fcok", { resourceGroupName: "rg", location: "westeurope", sku: "F64", administrators: ["ops@contoso.com", "66666666-6666-6666-6666-666666666666"] }), []);
});

test("capacity: an adopted capacity takes an ARM id and nothing that would change it", () => {
    const problems = validateFabricCapacityArgs("cap", { capacityId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Fabric/capacities/fcprod", sku: "F8" });
    assert.deepEqual(problems.map((p) => p.path), ["sku"]);
    assert.match(validateFabricCapacityArgs("cap", { capacityId: "fcprod" })[0].message, /must be a Fabric capacity ARM id/);
});

test("workspace: one role per principal, exactly one of adopt and create", () => {
    const principal = "33333333-3333-3333-3333-333333333333";
    const problems = validatePlatformWorkspaceArgs({ capacityName: "fc", roles: [{ name: "a", principalId: principal, role: "Contributor" }, { name: "b", principalId: principal.toUpperCase(), role: "Owner" as never }] });
    assert.deepEqual(problems.map((p) => p.path), ["workspaceId", "roles[1].role", "roles[1].principalId"]);
    assert.match(problems[2].message, /already has a role in roles\[0\]/);
});

test("platform config: every problem named under its path", () => {
    assert.throws(
        () => parsePlatform({ name: "contoso", location: "westeurope", capacity: { name: "fccontoso", sku: "F3", administrators: [] }, workspace: { displayName: "ws", roles: [{ name: "x", principalId: "nope", role: "Contributor" }] } }),
        (err: Error) => /capacity\.sku: must be one of F2/.test(err.message) && /capacity\.administrators: needs at least one/.test(err.message) && /workspace\.roles\[0\]\.principalId: must be an Entra object id/.test(err.message),
    );
});

test("platform config: geo-DR of the shared namespace needs another region, an alias of its own and a deliberate network choice", () => {
    const base = { name: "contoso", location: "westeurope", capacity: { sku: "F2", administrators: ["ops@contoso.com"] }, workspace: { displayName: "ws" } };
    const eventHubs = { namespaceName: "ef-shared", publicNetworkAccess: "Enabled", geoDr: { secondaryLocation: "westeurope", alias: "ef-shared", senders: [{ name: "aio", principalId: "nope" }] } };
    assert.throws(
        () => parsePlatform({ ...base, eventHubs }),
        (err: Error) => /eventHubs\.geoDr\.senders\[0\]\.principalId: must be an Entra object id/.test(err.message),
    );
    const fixed = { ...eventHubs, geoDr: { ...eventHubs.geoDr, senders: [] } };
    assert.throws(
        () => parsePlatform({ ...base, eventHubs: fixed }),
        (err: Error) => /eventHubs\.geoDr\.secondaryLocation: must be a region other than location "westeurope"/.test(err.message) && /eventHubs\.geoDr\.alias: "ef-shared" must differ from both namespace names/.test(err.message),
    );
    assert.throws(() => parsePlatform({ ...base, eventHubs: { namespaceName: "ef-shared" } }), /eventHubs\.publicNetworkAccess/);
    // Regions Azure lists, paired as documented unless deliberately not.
    const valid = { ...fixed, geoDr: { ...fixed.geoDr, alias: "ef-shared-dr", secondaryLocation: "swedencentral" } };
    assert.throws(
        () => parsePlatform({ ...base, eventHubs: valid }),
        (err: Error) => err.message.includes('eventHubs.geoDr.secondaryLocation: is not the paired region of westeurope (northeurope), got "swedencentral" (https://learn.microsoft.com/azure/reliability/regions-paired); use northeurope, or set eventHubs.geoDr.allowUnpairedRegion: true'),
    );
    assert.equal(parsePlatform({ ...base, eventHubs: { ...valid, geoDr: { ...valid.geoDr, allowUnpairedRegion: true } } }).eventHubs?.geoDr?.secondaryLocation, "swedencentral");
    assert.equal(parsePlatform({ ...base, eventHubs: { ...valid, geoDr: { ...valid.geoDr, secondaryLocation: "northeurope" } } }).eventHubs?.geoDr?.secondaryLocation, "northeurope");
    assert.throws(() => parsePlatform({ ...base, location: "westeuropa" }), /location: is not an Azure region, got "westeuropa" \(did you mean "westeurope"\?\)/);
});

test("contract: a site naming an output the platform does not export is refused, naming both", () => {
    const site = { eventHubs: { namespaceId: { stackOutput: "eventHubsNamespaceId" } }, serving: { workspaceId: { stackOutput: "workspaceGuid" } } };
    const problems = checkPlatformReferences(site);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].path, "serving.workspaceId");
    assert.match(problems[0].message, /\{ stackOutput: workspaceGuid \} is not an output of the platform program; it exports fabricCapacityId, fabricWorkspaceId/);
    assert.deepEqual(checkPlatformReferences(site, ["fabricWorkspaceId"], "platform stack prod").map((p) => p.path), ["eventHubs.namespaceId", "serving.workspaceId"]);
});

test("contract: placeholders have the shape of each output", () => {
    for (const name of Object.keys(PLATFORM_OUTPUTS) as PlatformOutputName[]) {
        const value = platformPlaceholder(name);
        const shape = PLATFORM_OUTPUTS[name].shape;
        if (shape === "uuid") assert.match(value, /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/);
        else if (shape === "https-uri") assert.match(value, /^https:\/\//);
        else if (shape === "hostname") assert.match(value, /^[a-z0-9]+\.servicebus\.windows\.net$/);
        else assert.ok(value.includes(`/providers/${shape.armType}/`), value);
    }
});

test("plan --stack platform: the platform program planned offline, its exports match the contract, the DR portal step said", async () => {
    const out = mkdtempSync(join(tmpdir(), "platform-plan-"));
    try {
        const io = capture();
        const code = await run(["plan", "--dir", root, "--stack", "platform", "--out", out], io);
        assert.equal(code, 0, io.errors.join("\n"));
        assert.ok(io.lines.includes("edge-fabric:platform:PlatformWorkspace  platform-contoso"));
        assert.ok(io.lines.some((l) => /Fabric capacity disaster recovery has no API: .*Disaster Recovery/.test(l)));
        const exports = /exports (.*)$/.exec(io.lines.find((l) => l.startsWith("platform stack prod:")) ?? "")?.[1].split(", ") ?? [];
        assert.deepEqual([...exports].sort(), Object.keys(PLATFORM_OUTPUTS).sort(), "the sample exports every contract output");
        const resources = JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as PlannedResource[];
        const capacity = resources.find((r) => r.type === "azure-native:fabric:FabricCapacity");
        assert.deepEqual(capacity?.inputs.sku, { name: "F64", tier: "Fabric" });
        const roles = resources.filter((r) => r.type === "pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment").map((r) => [r.inputs.principalId, r.inputs.role]);
        assert.deepEqual(roles, [["77777777-7777-7777-7777-777777777777", "Contributor"], ["33333333-3333-3333-3333-333333333333", "Contributor"]]);
        const namespaces = resources.filter((r) => r.type === "azure-native:eventhub:Namespace");
        assert.deepEqual(namespaces.map((n) => [n.inputs.namespaceName, n.inputs.location, n.inputs.disableLocalAuth, n.inputs.minimumTlsVersion, n.inputs.publicNetworkAccess]), [
            ["ef-contoso-shared", "westeurope", true, "1.2", "Enabled"],
            ["ef-contoso-shared-ne", "northeurope", true, "1.2", "Enabled"],
        ]);
        // The shared namespace paired under the alias, the sites' sender granted on the secondary (RBAC does not replicate).
        const pairing = resources.find((r) => r.type === "azure-native:eventhub:DisasterRecoveryConfig");
        assert.deepEqual([pairing?.inputs.alias, pairing?.inputs.namespaceName], ["ef-contoso-events", "ef-contoso-shared"]);
        const grants = resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
        assert.deepEqual(grants.map((g) => [g.name, g.inputs.principalId]), [
            ["shared-dr-secondary-send-aio-site01", "33333333-3333-3333-3333-333333333333"],
            ["shared-adx-contributor-site-deployer", "77777777-7777-7777-7777-777777777777"],
        ]);
        // The shared ADX cluster: a site deployer creates its database (ARM Contributor on the cluster) and applies its schema (AllDatabasesAdmin).
        assert.match(String(grants[1].inputs.roleDefinitionId), /\/roleDefinitions\/b24988ac-6180-42a0-ab88-20f7382dd24c$/);
        const cluster = resources.find((r) => r.type === "azure-native:kusto:Cluster");
        assert.ok(cluster && grants[1].dependencies.includes(cluster.urn), "the Contributor role is scoped to the cluster");
        assert.deepEqual([cluster?.inputs.clusterName, cluster?.inputs.identity, cluster?.inputs.enableDiskEncryption, cluster?.inputs.publicNetworkAccess], ["adxcontosoprod", { type: "SystemAssigned" }, true, "Enabled"]);
        const admin = resources.find((r) => r.type === "azure-native:kusto:ClusterPrincipalAssignment");
        assert.deepEqual([admin?.inputs.principalId, admin?.inputs.principalType, admin?.inputs.role], ["77777777-7777-7777-7777-777777777777", "App", "AllDatabasesAdmin"]);
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
});

test("plan of a site whose { stackOutput } the platform does not export fails, naming the site path and the platform", async () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-site-"));
    try {
        const shared = readFileSync(join(root, "tests/fixtures/stacks/Pulumi.shared.yaml"), "utf8").replace("stackOutput: kqlDatabaseId", "stackOutput: kqlDbId");
        writeFileSync(join(dir, "Pulumi.shared.yaml"), shared);
        writeFileSync(join(dir, "Pulumi.yaml"), readFileSync(join(root, "Pulumi.yaml"), "utf8"));
        const io = capture();
        const code = await run(["plan", "--dir", dir, "--stack", "shared", "--out", join(dir, "out")], io);
        assert.equal(code, 1);
        assert.ok(io.errors.some((l) => /Pulumi\.shared\.yaml: edge-fabric:site\.serving\.databaseId: \{ stackOutput: kqlDbId \} is not an output of the platform program \(platform\/, edge-fabric-platform\); it exports .*kqlDatabaseId/.test(l)), io.errors.join("\n"));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

const privateBase = {
    name: "contoso",
    location: "westeurope",
    capacity: { sku: "F64", administrators: ["ops@contoso.com"] },
    workspace: { displayName: "ws" },
};
const subnetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe";

test("platform config: public access off needs private endpoints, and private endpoints need public access off", () => {
    assert.throws(
        () => parsePlatform({ ...privateBase, eventHubs: { namespaceName: "ef-shared", publicNetworkAccess: "Disabled" } }),
        (err: Error) => /eventHubs\.private: is required when publicNetworkAccess is Disabled: without private endpoints nothing reaches the shared namespace; set \{ subnetId \}/.test(err.message),
    );
    assert.throws(
        () => parsePlatform({ ...privateBase, eventHubs: { namespaceName: "ef-shared", publicNetworkAccess: "Enabled", private: { subnetId } } }),
        (err: Error) => /eventHubs\.private: applies only with publicNetworkAccess: Disabled/.test(err.message),
    );
    assert.throws(
        () => parsePlatform({ ...privateBase, eventHubs: { namespaceName: "ef-shared", publicNetworkAccess: "Disabled", private: { subnetId: "/subscriptions/x/vnet" } } }),
        (err: Error) => /eventHubs\.private\.subnetId: must be a subnet id/.test(err.message),
    );
    assert.throws(
        () => parsePlatform({ ...privateBase, adx: { name: "Shared-ADX", capacity: 1, publicNetworkAccess: "Enabled", siteDeployers: [{ name: "a", principalId: "77777777-7777-7777-7777-777777777777" }, { name: "a", principalId: "77777777-7777-7777-7777-777777777778" }] } }),
        (err: Error) =>
            /adx\.name: must be 4-22 lowercase letters and digits starting with a letter, got "Shared-ADX"/.test(err.message) &&
            /adx\.capacity: must be an integer from 2 to 1000 \(2 instances are the minimum with an SLA\), got 1/.test(err.message) &&
            /adx\.siteDeployers\[1\]\.name: "a" is used twice/.test(err.message),
    );
});

test("private shared namespace: endpoints for primary and secondary before the pairing, one zone, Fabric managed private endpoints to both", async () => {
    const config = parsePlatform({
        ...privateBase,
        eventHubs: { namespaceName: "ef-shared", publicNetworkAccess: "Disabled", private: { subnetId }, geoDr: { secondaryLocation: "northeurope", alias: "ef-events", secondaryNamespaceName: "ef-shared-ne" } },
    });
    const { resources } = await synth(() => platformProgram(config), { project: "edge-fabric-platform" });
    const endpoints = resources.filter((r) => r.type === "azure-native:network:PrivateEndpoint");
    assert.deepEqual(endpoints.map((e) => [e.name, e.inputs.location, (e.inputs.subnet as { id: string }).id]), [
        ["shared-private-eventhubs-pe", "westeurope", subnetId],
        ["shared-dr-secondary-private-eventhubs-secondary-pe", "westeurope", subnetId],
    ]);
    // One privatelink.servicebus.windows.net zone: the secondary's endpoint registers in the primary's.
    const zones = resources.filter((r) => r.type === "azure-native:privatedns:PrivateZone");
    assert.deepEqual(zones.map((z) => z.inputs.privateZoneName), ["privatelink.servicebus.windows.net"]);
    const groups = resources.filter((r) => r.type === "azure-native:network:PrivateDnsZoneGroup");
    assert.equal(groups.length, 2);
    // The pairing waits for both endpoints (geo-DR refuses a private primary paired with a secondary without one).
    const pairing = resources.find((r) => r.type === "azure-native:eventhub:DisasterRecoveryConfig");
    for (const endpoint of endpoints) {
        assert.ok(pairing?.dependencies.includes(endpoint.urn), `pairing waits for ${endpoint.name}`);
    }
    const mpes = resources.filter((r) => r.type === "pulumi-nodejs:dynamic/fabric:ManagedPrivateEndpoint");
    assert.deepEqual(mpes.map((m) => [m.inputs.name, m.inputs.targetSubresourceType]), [
        ["contoso-shared-eventhubs", "namespace"],
        ["contoso-shared-secondary-eventhubs", "namespace"],
    ]);
});

test("DisasterRecovery refuses a private pair without the primary's private network", () => {
    const config = parsePlatform({ ...privateBase, eventHubs: { namespaceName: "ef-shared", publicNetworkAccess: "Disabled", private: { subnetId }, geoDr: { secondaryLocation: "northeurope", alias: "ef-events" } } });
    const settings = { sku: "Standard" as const, capacity: 1, autoInflateMaximum: undefined, zoneRedundant: true, publicNetworkAccess: "Disabled" as const, allowLocalAuth: false };
    assert.throws(
        () =>
            new DisasterRecovery("dr", {
                primary: { namespaceName: pulumi.output("ef-shared"), resourceGroupName: pulumi.output("rg"), eventHubIds: {}, consumerGroups: {}, namespaceSettings: settings, sku: "Standard", captureStorageAccountId: undefined, grants: { senders: [], receivers: [] }, dnsSuffix: "servicebus.windows.net" },
                primaryLocation: config.location,
                secondaryLocation: "northeurope",
                alias: "ef-events",
            }),
        /privateNetwork: is required when public network access is Disabled: the secondary needs a private endpoint before the pairing/,
    );
});
