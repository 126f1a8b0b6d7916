// The rules table mutates a deep copy of the sample YAML document in place, any shape, on purpose:
// bad values are what it tests, so the copy is untyped.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { formatProblem, KUBECONFIG_KEY, parseSite, SITE_KEY, validateSite, validateStackConfig, type SiteConfigInput } from "../../stacks/config";

const root = resolve(__dirname, "../../..");
const stackConfig = (file: string) => (parse(readFileSync(resolve(root, file), "utf8")) as { config: Record<string, unknown> }).config;
const sample = () => structuredClone(stackConfig("Pulumi.dev.yaml")[SITE_KEY]) as Record<string, any>;

function problems(value: unknown): string[] {
    const result = validateSite(value);
    return result.ok ? [] : result.problems.map(formatProblem);
}

test("the sample sites are valid, with defaults applied", () => {
    const dev = validateStackConfig(stackConfig("Pulumi.dev.yaml"));
    assert.ok(dev.ok, dev.ok ? "" : dev.problems.map(formatProblem).join("\n"));
    assert.equal(dev.site.name, "site01");
    assert.deepEqual(dev.site.edge.lines, [{ name: "channel22", assets: ["freezer01", "freezer02", "freezer06"] }]);
    assert.equal(dev.site.dr.enabled, true);
    const shared = validateStackConfig(stackConfig("tests/fixtures/stacks/Pulumi.shared.yaml"));
    assert.ok(shared.ok, shared.ok ? "" : shared.problems.map(formatProblem).join("\n"));
    assert.deepEqual(shared.site.eventHubs.namespaceId, { stackOutput: "eventHubsNamespaceId" });
    assert.equal(shared.site.eventHubs.hubName, "telemetry");
    assert.equal(shared.site.eventHubs.retentionDays, 1);
    assert.deepEqual(shared.site.archive.lifecycle, { coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, deleteAfterDays: null });
    assert.equal(shared.site.dr.enabled, false);
    assert.equal(shared.site.network.publicNetworkAccess, false);
});

/** Each rule: a change to the sample and the exact line it must produce. */
const rules: [string, (s: Record<string, any>) => void, string][] = [
    ["site name pattern", (s) => (s.name = "Site_01"), 'edge-fabric:site.name: must be 2-12 lowercase letters or digits, starting with a letter (it becomes part of storage account names), got "Site_01"'],
    ["required key", (s) => delete s.location, "edge-fabric:site.location: is required (string)"],
    ["region pattern", (s) => (s.location = "West Europe"), 'edge-fabric:site.location: must be an Azure region name such as westeurope, got "West Europe"'],
    ["wrong type", (s) => (s.tags = "plant"), 'edge-fabric:site.tags: must be a record, got "plant"'],
    ["unknown key with did-you-mean", (s) => (s.eventHubs.partitons = 8), 'edge-fabric:site.eventHubs.partitons: unknown key (did you mean "partitions"?)'],
    ["unknown key far from any", (s) => (s.edge.zzzzzzzz = 1), "edge-fabric:site.edge.zzzzzzzz: unknown key (known: customLocationId, instanceName, resourceGroupName, identity, lines, hot, cold, dataflowInstances)"],
    ["unknown key in a list item", (s) => (s.edge.lines[0].asset = []), 'edge-fabric:site.edge.lines[0].asset: unknown key (did you mean "assets"?)'],
    ["unknown key in the serving union", (s) => (s.serving.databaseNam = "x"), 'edge-fabric:site.serving.databaseNam: unknown key (did you mean "databaseName"?)'],
    ["custom location id", (s) => (s.edge.customLocationId = "site01-cl"), 'edge-fabric:site.edge.customLocationId: must be a Microsoft.ExtendedLocation/customLocations resource id (/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.ExtendedLocation/customLocations/<name>), got "site01-cl"'],
    ["AIO name", (s) => (s.edge.instanceName = "AIO_site01"), 'edge-fabric:site.edge.instanceName: must be 3-63 lowercase letters, digits or inner hyphens (AIO naming rule), got "AIO_site01"'],
    ["asset topic", (s) => (s.edge.lines[0].assets[0] = { name: "freezer01", topic: "plant/#" }), 'edge-fabric:site.edge.lines[0].assets[0].topic: must be an MQTT topic without wildcards, got "plant/#"'],
    ["user-assigned identity needs a tenant", (s) => Object.assign(s.edge.identity, { type: "UserAssigned", clientId: "44444444-4444-4444-4444-444444444444" }), "edge-fabric:site.edge.identity.tenantId: is required when type is UserAssigned"],
    ["principal id", (s) => (s.edge.identity.principalId = "aio"), 'edge-fabric:site.edge.identity.principalId: must be the identity\'s object (principal) id (uuid), got "aio"'],
    ["cold path needs a schema", (s) => delete s.edge.cold.schemaRef, "edge-fabric:site.edge.cold.schemaRef: is required when cold.enabled is true"],
    ["schema reference", (s) => (s.edge.cold.schemaRef = "telemetry:1"), 'edge-fabric:site.edge.cold.schemaRef: must be a schema registry reference aio-sr://<namespace>/<schema>:<version>, got "telemetry:1"'],
    ["no lines", (s) => (s.edge.lines = []), "edge-fabric:site.edge.lines: must list at least one line"],
    ["no assets", (s) => (s.edge.lines[0].assets = []), "edge-fabric:site.edge.lines[0].assets: must list at least one asset"],
    ["asset name", (s) => (s.edge.lines[0].assets[1] = "Freezer 02"), 'edge-fabric:site.edge.lines[0].assets[1]: must be 2-32 lowercase letters, digits or inner hyphens, got "Freezer 02"'],
    ["duplicate asset", (s) => (s.edge.lines[0].assets[2] = "freezer01"), 'edge-fabric:site.edge.lines[0].assets[2]: duplicate asset "freezer01" on line channel22'],
    ["duplicate line", (s) => s.edge.lines.push({ name: "channel22", assets: ["x1"] }), 'edge-fabric:site.edge.lines[1].name: duplicates edge.lines[0].name "channel22"'],
    ["hot tag name", (s) => (s.edge.hot.tags = ["temp erature"]), 'edge-fabric:site.edge.hot.tags[0]: must be a tag name (letters, digits, _ . -), got "temp erature"'],
    ["dataflow instances", (s) => (s.edge.dataflowInstances = 21), "edge-fabric:site.edge.dataflowInstances: must be an integer between 1 and 20, got 21"],
    ["edge volume size", (s) => (s.edge.cold.volumeSizeGi = 0.5), "edge-fabric:site.edge.cold.volumeSizeGi: must be an integer between 1 and 4096, got 0.5"],
    ["partitions on Standard", (s) => (s.eventHubs.partitions = 64), "edge-fabric:site.eventHubs.partitions: must be between 1 and 32 on Standard, got 64"],
    ["retention on Standard", (s) => (s.eventHubs.retentionDays = 30), "edge-fabric:site.eventHubs.retentionDays: must be between 1 and 7 on Standard, got 30"],
    ["capacity on Premium", (s) => Object.assign(s.eventHubs, { sku: "Premium", capacity: 20, maxThroughputUnits: undefined }), "edge-fabric:site.eventHubs.capacity: must be between 1 and 16 on Premium, got 20"],
    ["auto-inflate below capacity", (s) => Object.assign(s.eventHubs, { capacity: 8, maxThroughputUnits: 4 }), "edge-fabric:site.eventHubs.maxThroughputUnits: must be at least capacity (8), got 4"],
    ["auto-inflate off Standard", (s) => Object.assign(s.eventHubs, { sku: "Premium" }), "edge-fabric:site.eventHubs.maxThroughputUnits: auto-inflate exists on Standard only, sku is Premium"],
    ["partitions of the wrong type, reported once", (s) => (s.eventHubs.partitions = "8"), 'edge-fabric:site.eventHubs.partitions: must be a number, got "8"'],
    ["sku with did-you-mean", (s) => (s.eventHubs.sku = "Standrd"), 'edge-fabric:site.eventHubs.sku: must be Standard or Premium, got "Standrd" (did you mean "Standard"?)'],
    ["no Basic tier", (s) => (s.eventHubs.sku = "Basic"), 'edge-fabric:site.eventHubs.sku: must be Standard or Premium (Basic has neither Capture nor geo-DR), got "Basic"'],
    ["capture interval", (s) => (s.eventHubs.capture.intervalSeconds = 30), "edge-fabric:site.eventHubs.capture.intervalSeconds: must be an integer between 60 and 900, got 30"],
    ["capture size", (s) => (s.eventHubs.capture.sizeLimitBytes = 1024), "edge-fabric:site.eventHubs.capture.sizeLimitBytes: must be an integer between 10485760 and 524288000, got 1024"],
    ["hub name", (s) => (s.eventHubs.hubName = "tele metry"), "edge-fabric:site.eventHubs.hubName: must be 1-256 letters, digits, '.', '_' or '-', got \"tele metry\""],
    ["shared namespace id", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", capture: { enabled: false } }), 'edge-fabric:site.eventHubs.namespaceId: must be a Microsoft.EventHub/namespaces resource id (/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.EventHub/namespaces/<name>), got "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"'],
    ["shared namespace with capture needs its identity", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/shared" }), "edge-fabric:site.eventHubs.capturePrincipalId: is required with eventHubs.namespaceId and capture: the shared namespace's identity writes the capture files"],
    ["capture identity with an own namespace", (s) => (s.eventHubs.capturePrincipalId = "33333333-3333-3333-3333-333333333333"), "edge-fabric:site.eventHubs.capturePrincipalId: applies to a shared namespace (eventHubs.namespaceId) only; the site's own namespace has its own identity"],
    ["namespace name", (s) => (s.eventHubs.namespaceName = "ns"), 'edge-fabric:site.eventHubs.namespaceName: must be 6-50 lowercase letters, digits or hyphens, starting with a letter, got "ns"'],
    ["capacity with a shared namespace", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/shared", capacity: 2, capture: { enabled: false } }), "edge-fabric:site.eventHubs.capacity: not allowed with eventHubs.namespaceId: the shared namespace's owner sets it"],
    ["stack output without a platform", (s) => (s.archive.storageAccountId = { stackOutput: "archiveAccountId" }), "edge-fabric:site.archive.storageAccountId: uses { stackOutput } but platform.stack is not set"],
    ["platform stack name", (s) => (s.platform = { stack: "prod" }), 'edge-fabric:site.platform.stack: must be a fully qualified stack name org/project/stack, got "prod"'],
    ["serving kind", (s) => (s.serving.kind = "eventhous"), 'edge-fabric:site.serving.kind: must be "eventhouse" or "adx", got "eventhous" (did you mean "eventhouse"?)'],
    ["workspace id", (s) => (s.serving.workspaceId = "my-workspace"), 'edge-fabric:site.serving.workspaceId: must be a Fabric workspace id (uuid), got "my-workspace"'],
    ["ADX SKU", (s) => (s.serving = { kind: "adx", skuName: "E2ads" }), 'edge-fabric:site.serving.skuName: must be an ADX SKU name such as Standard_E2ads_v5, got "E2ads"'],
    ["ADX capacity", (s) => (s.serving = { kind: "adx", capacity: 0 }), "edge-fabric:site.serving.capacity: must be an integer between 1 and 1000, got 0"],
    ["redundancy enum", (s) => (s.archive.redundancy = "GSR"), 'edge-fabric:site.archive.redundancy: must be one of LRS, GRS, RAGRS, ZRS, GZRS, RAGZRS, got "GSR" (did you mean "GRS"?)'],
    ["container name", (s) => (s.archive.containers = { capture: "eh--capture" }), 'edge-fabric:site.archive.containers.capture: must be 3-63 lowercase letters, digits or single hyphens, got "eh--capture"'],
    ["account name", (s) => (s.archive.accountName = "st-site01"), 'edge-fabric:site.archive.accountName: must be 3-24 lowercase letters and digits, got "st-site01"'],
    ["lifecycle order", (s) => (s.archive.lifecycle.coldAfterDays = 20), "edge-fabric:site.archive.lifecycle.coldAfterDays: must be greater than coolAfterDays (30), got 20"],
    ["delete before archive", (s) => (s.archive.lifecycle.deleteAfterDays = 100), "edge-fabric:site.archive.lifecycle.deleteAfterDays: must be greater than archiveAfterDays (180), got 100"],
    ["archive tier on GZRS", (s) => Object.assign(s.archive, { redundancy: "GZRS" }), "edge-fabric:site.archive.lifecycle.archiveAfterDays: the archive tier needs LRS, GRS or RAGRS redundancy, archive.redundancy is GZRS; set archiveAfterDays: null or change the redundancy"],
    ["DR needs geo-redundancy", (s) => (s.archive.redundancy = "LRS"), "edge-fabric:site.archive.redundancy: must be geo-redundant (GRS, RAGRS, GZRS or RAGZRS) when dr.enabled is true, got LRS"],
    ["DR needs a secondary region", (s) => delete s.dr.secondaryLocation, "edge-fabric:site.dr.secondaryLocation: is required when dr.enabled is true"],
    ["DR in the same region", (s) => (s.dr.secondaryLocation = "westeurope"), "edge-fabric:site.dr.secondaryLocation: must differ from location (westeurope)"],
    ["standby database needs an own ADX cluster", (s) => (s.dr.standbyDatabase = true), 'edge-fabric:site.dr.standbyDatabase: needs dr.enabled and serving.kind "adx" with a cluster of the site\'s own (a standby Eventhouse lives on a capacity in the paired region: not supported)'],
    ["DR alias", (s) => (s.dr.alias = "x"), 'edge-fabric:site.dr.alias: must be 6-50 lowercase letters, digits or inner hyphens, got "x"'],
    ["DR with a shared namespace", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/shared", capture: { enabled: false } }), "edge-fabric:site.dr.enabled: a shared Event Hubs namespace (eventHubs.namespaceId) gets its geo-DR pairing from the platform stack that owns it; set dr.enabled: false"],
    ["boolean type", (s) => (s.dr.enabled = "yes"), 'edge-fabric:site.dr.enabled: must be a boolean, got "yes"'],
];

for (const [rule, change, expected] of rules) {
    test(`rule: ${rule}`, () => {
        const site = sample();
        change(site);
        assert.deepEqual(problems(site), [expected]);
    });
}

test("every problem is reported at once, across sections", () => {
    const site = sample();
    site.name = "X";
    site.eventHubs.partitions = 64;
    site.eventHubs.partitons = 3;
    site.dr.secondaryLocation = "westeurope";
    site.edge.lines[0].assets = [];
    const found = problems(site);
    assert.equal(found.length, 5, found.join("\n"));
    assert.ok(found.includes("edge-fabric:site.eventHubs.partitions: must be between 1 and 32 on Standard, got 64"));
    assert.ok(found.includes("edge-fabric:site.dr.secondaryLocation: must differ from location (westeurope)"));
});

test("a typo never falls back to a default", () => {
    const site = sample();
    site.dr = { enabeld: true, secondaryLocation: "northeurope" };
    assert.deepEqual(problems(site), ['edge-fabric:site.dr.enabeld: unknown key (did you mean "enabled"?)']);
});

test("stack config: unknown edge-fabric keys are errors, provider keys are left alone", () => {
    const config = stackConfig("Pulumi.dev.yaml");
    const result = validateStackConfig({ ...config, "edge-fabric:sites": {}, "azure-native:subscriptionId": "x" });
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.problems.map(formatProblem), ['edge-fabric:sites: unknown config key (did you mean "edge-fabric:site"?)']);
    const missing = validateStackConfig({ "azure-native:location": "westeurope" });
    assert.deepEqual(missing.ok ? [] : missing.problems.map(formatProblem), ["edge-fabric:site: is required (the site's structured config; see Pulumi.dev.yaml)"]);
});

test("parseSite throws one error listing every problem", () => {
    const bad: SiteConfigInput = { ...(sample() as SiteConfigInput), name: "X" };
    assert.throws(() => parseSite(bad), (e: Error) => e.name === "ConfigError" && /1 problem\):\nedge-fabric:site.name: /.test(e.message));
});

test("kubeconfig: required by the cold path, and a secret in the stack file", () => {
    const config = stackConfig("Pulumi.dev.yaml");
    const messages = (c: Record<string, unknown>, fromStackFile = true) => {
        const r = validateStackConfig(c, { fromStackFile });
        return r.ok ? [] : r.problems.map(formatProblem);
    };
    assert.deepEqual(messages(config), []);
    const withoutKubeconfig = Object.fromEntries(Object.entries(config).filter(([key]) => key !== KUBECONFIG_KEY));
    assert.deepEqual(messages(withoutKubeconfig), ["edge-fabric:kubeconfig: is required when edge.cold.enabled is true (pulumi config set --secret kubeconfig < kubeconfig.yaml)"]);
    assert.deepEqual(messages({ ...config, [KUBECONFIG_KEY]: "apiVersion: v1" }), ["edge-fabric:kubeconfig: must be a secret: set it with pulumi config set --secret kubeconfig < kubeconfig.yaml"]);
    // The program sees the decrypted value.
    assert.deepEqual(messages({ ...config, [KUBECONFIG_KEY]: "apiVersion: v1" }, false), []);
});
