// The rules table mutates a deep copy of the sample YAML document in place, any shape, on purpose:
// bad values are what it tests, so the copy is untyped.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { GITOPS_CREDENTIAL_KEY, KUBECONFIG_KEY, parseSite, parseStackConfig, SITE_KEY, validateSite, validateStackConfig, type SiteConfigInput } from "../../stacks/config";
import { formatProblem, splitPath, ValidationError } from "../../components/validation";
import { servingLayerOn } from "../../components/serving/site-layer";

const root = resolve(__dirname, "../../..");
const stackConfig = (file: string) => (parse(readFileSync(resolve(root, file), "utf8")) as { config: Record<string, unknown> }).config;
const FABRIC_ID = "6e335e92-a2a2-4b5a-970a-bd6a89fbb765";
const SHARED_ADX = { kind: "adx", clusterId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Kusto/clusters/shared", queryUri: "https://shared.westeurope.kusto.windows.net" };
const CLUSTER_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-site01-arc/providers/Microsoft.Kubernetes/connectedClusters/site01-arc";
/** Serves the site from ADX (where the sample's Fabric serving layer blocks do not apply). */
const adx = (s: Record<string, any>, serving: Record<string, unknown>) => {
    s.serving = serving;
    delete s.dashboard;
    delete s.alerts;
};
const gitops = (repository: Record<string, unknown>) => ({ mode: "gitops", clusterId: CLUSTER_ID, repository });
const sample = () => structuredClone(stackConfig("Pulumi.dev.yaml")[SITE_KEY]) as Record<string, any>;

function problems(value: unknown): string[] {
    return validateSite(value).map(formatProblem);
}

test("the sample sites are valid, with defaults applied", () => {
    assert.deepEqual(validateStackConfig(stackConfig("Pulumi.dev.yaml")).map(formatProblem), []);
    assert.deepEqual(validateStackConfig(stackConfig("tests/fixtures/stacks/Pulumi.shared.yaml")).map(formatProblem), []);
    const dev = parseStackConfig(stackConfig("Pulumi.dev.yaml"));
    assert.equal(dev.name, "site01");
    assert.deepEqual(dev.edge.lines, [{ name: "channel22", assets: ["freezer01", "freezer02", "freezer06"] }]);
    assert.equal(dev.dr.enabled, true);
    const shared = parseStackConfig(stackConfig("tests/fixtures/stacks/Pulumi.shared.yaml"));
    assert.deepEqual(shared.eventHubs.namespaceId, { stackOutput: "eventHubsNamespaceId" });
    assert.equal(shared.eventHubs.hubName, "telemetry");
    assert.equal(shared.eventHubs.retentionDays, 1);
    assert.deepEqual(shared.archive.lifecycle, { coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, deleteAfterDays: null });
    assert.equal(shared.dr.enabled, false);
    assert.equal(shared.network.publicNetworkAccess, false);
});

/** Each rule: a change to the sample and the exact line it must produce. */
const rules: [string, (s: Record<string, any>) => void, string][] = [
    ["site name pattern", (s) => (s.name = "Site_01"), 'edge-fabric:site.name: must be 2-12 lowercase letters or digits, starting with a letter (it becomes part of storage account names), got "Site_01"'],
    ["required key", (s) => delete s.location, "edge-fabric:site.location: is required (string)"],
    ["region pattern", (s) => (s.location = "West Europe"), 'edge-fabric:site.location: is not an Azure region, got "West Europe" (did you mean "westeurope"?): use a programmatic name from https://learn.microsoft.com/azure/reliability/regions-list'],
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
    ["cold path needs a schema", (s) => delete s.edge.cold.schema, "edge-fabric:site.edge.cold.schema: is required when cold.enabled is true"],
    ["schema registry id", (s) => (s.edge.cold.schema.registryId = "aio-sr-site01"), 'edge-fabric:site.edge.cold.schema.registryId: must be a Microsoft.DeviceRegistry/schemaRegistries resource id (/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.DeviceRegistry/schemaRegistries/<name>), got "aio-sr-site01"'],
    ["schema version", (s) => (s.edge.cold.schema.version = "v2"), 'edge-fabric:site.edge.cold.schema.version: must be a positive whole number, got "v2"'],
    ["public access off needs private connectivity", (s) => delete s.network.private, "edge-fabric:site.network.private: is required when network.publicNetworkAccess is false: without private endpoints and DNS the edge (Kafka 9093), the edge volume upload, Capture's readers and the Eventstream cannot reach the namespace or the archive; set { subnetId: <subnet for the private endpoints> }, or publicNetworkAccess: true"],
    ["private endpoints next to a public endpoint", (s) => (s.network.publicNetworkAccess = true), "edge-fabric:site.network.private: applies only with network.publicNetworkAccess: false (private endpoints next to a public endpoint protect nothing); remove it or turn public access off"],
    ["private endpoint subnet", (s) => (s.network.private.subnetId = "pe-subnet"), 'edge-fabric:site.network.private.subnetId: must be a subnet id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>, got "pe-subnet"'],
    ["no lines", (s) => (s.edge.lines = []), "edge-fabric:site.edge.lines: must list at least one line"],
    ["no assets", (s) => (s.edge.lines[0].assets = []), "edge-fabric:site.edge.lines[0].assets: must list at least one asset"],
    ["asset name", (s) => (s.edge.lines[0].assets[1] = "Freezer 02"), 'edge-fabric:site.edge.lines[0].assets[1]: must be 2-32 lowercase letters, digits or inner hyphens, got "Freezer 02"'],
    ["duplicate asset", (s) => (s.edge.lines[0].assets[2] = "freezer01"), 'edge-fabric:site.edge.lines[0].assets[2]: duplicate asset "freezer01" on line channel22'],
    ["duplicate line", (s) => s.edge.lines.push({ name: "channel22", assets: ["x1"] }), 'edge-fabric:site.edge.lines[1].name: duplicates edge.lines[0].name "channel22"'],
    ["hot tag name", (s) => (s.edge.hot.tags = ["temp erature"]), 'edge-fabric:site.edge.hot.tags[0]: must be a tag name (letters, digits, _ . -), got "temp erature"'],
    ["dataflow instances", (s) => (s.edge.dataflowInstances = 21), "edge-fabric:site.edge.dataflowInstances: must be between 1 and 20, got 21"],
    ["edge volume size", (s) => (s.edge.cold.volumeSizeGi = 0.5), "edge-fabric:site.edge.cold.volumeSizeGi: must be a whole number between 1 and 4096, got 0.5"],
    ["partitions on Standard", (s) => (s.eventHubs.partitions = 64), "edge-fabric:site.eventHubs.partitions: must be between 1 and 32 on Standard, got 64"],
    ["retention on Standard", (s) => (s.eventHubs.retentionDays = 30), "edge-fabric:site.eventHubs.retentionDays: must be between 1 and 7 on Standard, got 30"],
    ["capacity on Premium", (s) => Object.assign(s.eventHubs, { sku: "Premium", capacity: 20, maxThroughputUnits: undefined }), "edge-fabric:site.eventHubs.capacity: must be between 1 and 16 on Premium, got 20"],
    ["auto-inflate below capacity", (s) => Object.assign(s.eventHubs, { capacity: 8, maxThroughputUnits: 4 }), "edge-fabric:site.eventHubs.maxThroughputUnits: must be at least capacity (8), got 4"],
    ["auto-inflate off Standard", (s) => Object.assign(s.eventHubs, { sku: "Premium" }), "edge-fabric:site.eventHubs.maxThroughputUnits: auto-inflate exists on Standard only, sku is Premium"],
    ["partitions of the wrong type, reported once", (s) => (s.eventHubs.partitions = "8"), 'edge-fabric:site.eventHubs.partitions: must be a number, got "8"'],
    ["sku with did-you-mean", (s) => (s.eventHubs.sku = "Standrd"), 'edge-fabric:site.eventHubs.sku: must be Standard or Premium, got "Standrd" (did you mean "Standard"?)'],
    ["no Basic tier", (s) => (s.eventHubs.sku = "Basic"), 'edge-fabric:site.eventHubs.sku: must be Standard or Premium (Basic has neither Capture nor geo-DR), got "Basic"'],
    ["capture interval", (s) => (s.eventHubs.capture.intervalSeconds = 30), "edge-fabric:site.eventHubs.capture.intervalSeconds: must be between 60 and 900, got 30"],
    ["capture size", (s) => (s.eventHubs.capture.sizeLimitBytes = 1024), "edge-fabric:site.eventHubs.capture.sizeLimitBytes: must be between 10485760 and 524288000, got 1024"],
    ["hub name", (s) => (s.eventHubs.hubName = "tele metry"), "edge-fabric:site.eventHubs.hubName: must be 1-256 letters, digits, '.', '_' or '-', got \"tele metry\""],
    ["shared namespace id", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", capture: { enabled: false } }), 'edge-fabric:site.eventHubs.namespaceId: must be a Microsoft.EventHub/namespaces resource id (/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.EventHub/namespaces/<name>), got "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"'],
    ["shared namespace with capture needs its identity", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/shared" }), "edge-fabric:site.eventHubs.capturePrincipalId: is required with eventHubs.namespaceId and capture: the shared namespace's identity writes the capture files"],
    ["capture identity with an own namespace", (s) => (s.eventHubs.capturePrincipalId = "33333333-3333-3333-3333-333333333333"), "edge-fabric:site.eventHubs.capturePrincipalId: applies to a shared namespace (eventHubs.namespaceId) only; the site's own namespace has its own identity"],
    ["namespace name", (s) => (s.eventHubs.namespaceName = "ns"), 'edge-fabric:site.eventHubs.namespaceName: must be 6-50 lowercase letters, digits or hyphens, starting with a letter, got "ns"'],
    ["capacity with a shared namespace", (s) => (s.eventHubs = { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/shared", capacity: 2, capture: { enabled: false } }), "edge-fabric:site.eventHubs.capacity: not allowed with eventHubs.namespaceId: the shared namespace's owner sets it"],
    ["stack output without a platform", (s) => (s.archive.storageAccountId = { stackOutput: "archiveAccountId" }), "edge-fabric:site.archive.storageAccountId: uses { stackOutput } but platform.stack is not set"],
    ["platform stack name", (s) => (s.platform = { stack: "prod" }), 'edge-fabric:site.platform.stack: must be a fully qualified stack name org/project/stack, got "prod"'],
    ["serving kind", (s) => (s.serving.kind = "eventhous"), 'edge-fabric:site.serving.kind: must be "eventhouse" or "adx", got "eventhous" (did you mean "eventhouse"?)'],
    ["workspace roles granted by", (s) => (s.serving.workspaceRolesGrantedBy = "platfrom"), 'edge-fabric:site.serving.workspaceRolesGrantedBy: must be one of site, platform, got "platfrom" (did you mean "platform"?)'],
    ["Eventstream source", (s) => (s.serving.eventstreamSource = "eventhub"), 'edge-fabric:site.serving.eventstreamSource: must be one of customEndpoint, eventHubs, got "eventhub" (did you mean "eventHubs"?)'],
    ["workspace id", (s) => (s.serving.workspaceId = "my-workspace"), 'edge-fabric:site.serving.workspaceId: must be a Fabric workspace id (uuid), got "my-workspace"'],
    [
        "stack output name, the same rule for every { stackOutput }",
        (s) => {
            s.platform = { stack: "org/edge-fabric-platform/prod" };
            s.serving.workspaceId = { stackOutput: "fabric workspace" };
        },
        'edge-fabric:site.serving.workspaceId.stackOutput: must be a stack output name, got "fabric workspace"',
    ],
    ["ADX SKU", (s) => (s.serving = { kind: "adx", skuName: "E2ads" }), 'edge-fabric:site.serving.skuName: must be an ADX SKU name such as Standard_E2ads_v5, got "E2ads"'],
    ["ADX capacity", (s) => (s.serving = { kind: "adx", capacity: 0 }), "edge-fabric:site.serving.capacity: must be between 1 and 1000, got 0"],
    ["redundancy enum", (s) => (s.archive.redundancy = "GSR"), 'edge-fabric:site.archive.redundancy: must be one of LRS, GRS, RAGRS, ZRS, GZRS, RAGZRS, got "GSR" (did you mean "GRS"?)'],
    ["container name", (s) => (s.archive.containers = { capture: "eh--capture" }), 'edge-fabric:site.archive.containers.capture: must be 3-63 lowercase letters, digits or single hyphens, got "eh--capture"'],
    ["account name", (s) => (s.archive.accountName = "st-site01"), 'edge-fabric:site.archive.accountName: must be 3-24 lowercase letters and digits, got "st-site01"'],
    ["lifecycle order", (s) => (s.archive.lifecycle.coldAfterDays = 20), "edge-fabric:site.archive.lifecycle.coldAfterDays: must be greater than coolAfterDays (30), got 20"],
    ["delete before archive", (s) => (s.archive.lifecycle.deleteAfterDays = 100), "edge-fabric:site.archive.lifecycle.deleteAfterDays: must be greater than archiveAfterDays (180), got 100"],
    ["archive tier on GZRS", (s) => Object.assign(s.archive, { redundancy: "GZRS" }), "edge-fabric:site.archive.lifecycle.archiveAfterDays: the archive tier needs LRS, GRS or RAGRS redundancy, archive.redundancy is GZRS; set archiveAfterDays: null or change the redundancy"],
    ["DR needs geo-redundancy", (s) => (s.archive.redundancy = "LRS"), "edge-fabric:site.archive.redundancy: must be geo-redundant (GRS, RAGRS, GZRS or RAGZRS) when dr.enabled is true, got LRS"],
    ["DR needs a secondary region", (s) => delete s.dr.secondaryLocation, "edge-fabric:site.dr.secondaryLocation: is required when dr.enabled is true"],
    ["DR in the same region", (s) => (s.dr.secondaryLocation = "westeurope"), "edge-fabric:site.dr.secondaryLocation: must differ from location (westeurope)"],
    ["standby database needs DR", (s) => Object.assign(s.dr, { enabled: false, standbyDatabase: true }), "edge-fabric:site.dr.standbyDatabase: needs dr.enabled: the standby reads the hub through the geo-DR alias"],
    ["Fabric standby needs its workspace", (s) => (s.dr.standbyDatabase = true), "edge-fabric:site.dr.standby: is required with dr.standbyDatabase on a Fabric Eventhouse: { workspaceId: an existing workspace on a capacity in the paired region, eventHubConnectionId: a Fabric connection to the alias }"],
    ["Fabric standby workspace id", (s) => Object.assign(s.dr, { standbyDatabase: true, standby: { workspaceId: "standby-ws", eventHubConnectionId: FABRIC_ID } }), 'edge-fabric:site.dr.standby.workspaceId: must be a Fabric workspace id (uuid), got "standby-ws"'],
    ["Fabric standby settings without a standby", (s) => (s.dr.standby = { workspaceId: FABRIC_ID, eventHubConnectionId: FABRIC_ID }), "edge-fabric:site.dr.standby: applies only with dr.standbyDatabase: true"],
    ["Fabric standby settings on ADX", (s) => (adx(s, { kind: "adx" }), Object.assign(s.dr, { standbyDatabase: true, standby: { workspaceId: FABRIC_ID, eventHubConnectionId: FABRIC_ID } })), 'edge-fabric:site.dr.standby: applies to a Fabric standby; serving.kind is "adx" (its standby is a cluster in dr.secondaryLocation)'],
    ["standby database on a shared ADX cluster", (s) => (adx(s, SHARED_ADX), (s.dr.standbyDatabase = true)), "edge-fabric:site.dr.standbyDatabase: needs a cluster of the site's own (serving.clusterId unset): a shared cluster's standby belongs to the platform stack"],
    ["dashboard on ADX", (s) => (adx(s, { kind: "adx" }), (s.dashboard = { title: "x" })), 'edge-fabric:site.dashboard: Real-Time Dashboards are Fabric items and serving.kind is "adx" (an ADX database has no Fabric workspace); remove the block or serve from a Fabric Eventhouse'],
    [
        "alerts on ADX",
        (s) => {
            const alerts: unknown = s.alerts;
            adx(s, { kind: "adx" });
            s.alerts = alerts;
        }, 'edge-fabric:site.alerts: Activator alerts are Fabric items and serving.kind is "adx" (an ADX database has no Fabric workspace); remove the block or serve from a Fabric Eventhouse'],
    ["dashboard key with did-you-mean", (s) => (s.dashboard.titel = "x"), 'edge-fabric:site.dashboard.titel: unknown key (did you mean "title"?)'],
    ["dashboard time range", (s) => (s.dashboard.timeRange = "12 hours"), 'edge-fabric:site.dashboard.timeRange: "12 hours" is not a duration: write a number and a unit (ms, s, m, h, d), e.g. "5m" or "30s"'],
    ["alert threshold without a unit", (s) => (s.alerts.rules[0].above = "-2"), `edge-fabric:site.alerts.rules[0].above: "-2" has no unit: write it with one, e.g. "-2 °C"`],
    ["alert recipient", (s) => (s.alerts.rules[0].email = ["cold-chain"]), `edge-fabric:site.alerts.rules[0].email: "cold-chain" is not an e-mail address`],
    ["alert window shorter than Gold's", (s) => (s.alerts.rules[0].for = "1m"), "edge-fabric:site.alerts.rules[0].for: 1m is shorter than 5m, the window of the Gold statistics the rule reads"],
    ["shared Eventhouse needs its database id", (s) => (s.serving = { kind: "eventhouse", workspaceId: FABRIC_ID, eventhouseId: FABRIC_ID, queryUri: "https://trd-x.z0.kusto.fabric.microsoft.com" }), "edge-fabric:site.serving.databaseId: is required with a shared Eventhouse while the serving layer is on (the dashboard, Lakehouse shortcuts and alerts bind to the KQL database's item id); or set dashboard.enabled and lakehouse.enabled to false"],
    ["delivery mode with did-you-mean", (s) => (s.edge.cold.delivery = { mode: "gitop" }), 'edge-fabric:site.edge.cold.delivery.mode: must be one of "direct", "gitops", got "gitop" (did you mean "gitops"?)'],
    ["gitops repository over plain http", (s) => (s.edge.cold.delivery = gitops({ url: "http://git.contoso.com/plants.git", auth: { type: "none" } })), 'edge-fabric:site.edge.cold.delivery.repository.url: "http://git.contoso.com/plants.git" must be https://host/path, ssh://[user@]host[:port]/path or git@host:path: plain http sends the repository unencrypted and unauthenticated; use https://'],
    ["gitops SSH without known hosts", (s) => (s.edge.cold.delivery = gitops({ url: "git@github.com:contoso/plants.git", auth: { type: "ssh", knownHosts: "" } })), "edge-fabric:site.edge.cold.delivery.repository.auth.knownHosts: must list the Git host's public keys (ssh-keyscan <host>), so the cluster never trusts a key on first use"],
    ["gitops auth key with did-you-mean", (s) => (s.edge.cold.delivery = gitops({ url: "https://github.com/contoso/plants.git", auth: { type: "secretRef", secretRef: "git-auth", secretref: "x" } })), 'edge-fabric:site.edge.cold.delivery.repository.auth.secretref: unknown key (did you mean "secretRef"?)'],
    ["gitops cluster id", (s) => (s.edge.cold.delivery = { ...gitops({ url: "https://github.com/contoso/plants.git", auth: { type: "none" } }), clusterId: "site01-arc" }), 'edge-fabric:site.edge.cold.delivery.clusterId: "site01-arc" is not the ARM id of an Arc-enabled cluster; expected /subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Kubernetes/connectedClusters/<name> (az connectedk8s show --query id)'],
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
    assert.deepEqual(result.map(formatProblem), ['edge-fabric:sites: unknown config key (did you mean "edge-fabric:site"?)']);
    const missing = validateStackConfig({ "azure-native:location": "westeurope" });
    assert.deepEqual(missing.map(formatProblem), ["edge-fabric:site: is required (the site's structured config; see Pulumi.dev.yaml)"]);
});

test("parseSite and parseStackConfig throw one ValidationError listing every problem", () => {
    const bad: SiteConfigInput = { ...(sample() as SiteConfigInput), name: "X" };
    assert.throws(() => parseSite(bad), (e: Error) => e instanceof ValidationError && /^invalid site config: edge-fabric:site.name: must be 2-12 /.test(e.message) && e.problems.length === 1);
    const worse = { ...stackConfig("Pulumi.dev.yaml"), [SITE_KEY]: { ...bad, location: 7 }, "edge-fabric:sites": {} };
    assert.throws(
        () => parseStackConfig(worse),
        (e: Error) =>
            e instanceof ValidationError &&
            e.message.startsWith("invalid site config: 3 problems:\n  - edge-fabric:sites: unknown config key") &&
            e.problems.map((p) => p.path).join() === "edge-fabric:sites,edge-fabric:site.name,edge-fabric:site.location",
    );
});

test("kubeconfig: required by the cold path, and a secret in the stack file", () => {
    const config = stackConfig("Pulumi.dev.yaml");
    const messages = (c: Record<string, unknown>, fromStackFile = true) => {
        return validateStackConfig(c, { fromStackFile }).map(formatProblem);
    };
    assert.deepEqual(messages(config), []);
    const withoutKubeconfig = Object.fromEntries(Object.entries(config).filter(([key]) => key !== KUBECONFIG_KEY));
    assert.deepEqual(messages(withoutKubeconfig), ["edge-fabric:kubeconfig: is required when edge.cold.enabled is true with direct delivery (pulumi config set --secret kubeconfig < kubeconfig.yaml), or deliver by GitOps (edge.cold.delivery.mode: gitops)"]);
    assert.deepEqual(messages({ ...config, [KUBECONFIG_KEY]: "apiVersion: v1" }), ["edge-fabric:kubeconfig: must be a secret: set it with pulumi config set --secret kubeconfig < kubeconfig.yaml"]);
    // The program sees the decrypted value.
    assert.deepEqual(messages({ ...config, [KUBECONFIG_KEY]: "apiVersion: v1" }, false), []);
});

test("gitops delivery: no kubeconfig needed; the Git credential is a secret key, required by https auth, refused where unused", () => {
    const config = stackConfig("Pulumi.dev.yaml");
    const messages = (c: Record<string, unknown>) => {
        return validateStackConfig(c, { fromStackFile: true }).map(formatProblem);
    };
    const withDelivery = (auth: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
        const site = sample();
        site.edge.cold.delivery = gitops({ url: auth.type === "ssh" ? "ssh://git@github.com/contoso/plants.git" : "https://github.com/contoso/plants.git", auth });
        const c: Record<string, unknown> = { ...config, [SITE_KEY]: site, ...extra };
        delete c[KUBECONFIG_KEY];
        return c;
    };
    const secret = { secure: "v1:c2FtcGxl" };
    assert.deepEqual(messages(withDelivery({ type: "secretRef", secretRef: "plants-git" })), []);
    assert.deepEqual(messages(withDelivery({ type: "https", username: "git" })), ["edge-fabric:gitopsCredential: is required with edge.cold.delivery.repository.auth.type https: the token (pulumi config set --secret gitopsCredential)"]);
    assert.deepEqual(messages(withDelivery({ type: "https", username: "git" }, { [GITOPS_CREDENTIAL_KEY]: secret })), []);
    assert.deepEqual(messages(withDelivery({ type: "https", username: "git" }, { [GITOPS_CREDENTIAL_KEY]: "ghp_plaintext" })), ["edge-fabric:gitopsCredential: must be a secret: set it with pulumi config set --secret gitopsCredential"]);
    assert.deepEqual(messages(withDelivery({ type: "ssh", knownHosts: "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl" })), [], "ssh without a key: Flux generates one");
    assert.deepEqual(messages(withDelivery({ type: "none" }, { [GITOPS_CREDENTIAL_KEY]: secret })), ["edge-fabric:gitopsCredential: is only read by GitOps delivery with https or ssh auth (edge.cold.delivery.repository.auth); remove it"]);
    assert.deepEqual(messages({ ...config, [GITOPS_CREDENTIAL_KEY]: secret }), ["edge-fabric:gitopsCredential: is only read by GitOps delivery with https or ssh auth (edge.cold.delivery.repository.auth); remove it"], "direct delivery");
});

test("the serving layer's switches: on by default on an Eventhouse, alerts only when configured, never on ADX", () => {
    const site = parseSite(sample());
    assert.deepEqual(servingLayerOn(site), { dashboard: true, lakehouse: true, alerts: true });
    const off = sample();
    off.dashboard.enabled = false;
    off.lakehouse = { enabled: false };
    delete off.alerts;
    assert.deepEqual(servingLayerOn(parseSite(off)), { dashboard: false, lakehouse: false, alerts: false });
    const onAdx = sample();
    adx(onAdx, { kind: "adx" });
    assert.deepEqual(servingLayerOn(parseSite(onAdx)), { dashboard: false, lakehouse: false, alerts: false });
    assert.deepEqual(splitPath("rules[0].above"), ["rules", 0, "above"]);
    assert.deepEqual(splitPath("repository.auth.knownHosts"), ["repository", "auth", "knownHosts"]);
});
