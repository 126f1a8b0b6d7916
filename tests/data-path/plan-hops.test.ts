import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { run } from "../../cli/main";
import { dataPathHops, describeFailures, type Hop, type ResourceView } from "../../components/data-path";
import { MOCK_EVENT_HUB_KEY } from "../../cli/synth";
import { platformPlaceholder } from "../../components/platform/contract";

const root = resolve(__dirname, "../../..");
const devText = readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8");

interface Planned {
    code: number;
    lines: string[];
    errors: string[];
    hops: Hop[];
    dot: string;
    /** Every file the plan wrote, by name. */
    files: Record<string, string>;
}

/** Plans the dev site with `edit` applied to its `edge-fabric:site` object. */
async function planDev(edit: (site: Record<string, unknown>) => void = () => undefined): Promise<Planned> {
    const dir = mkdtempSync(join(tmpdir(), "hops-"));
    try {
        const doc = parse(devText) as { config: Record<string, unknown> };
        edit(doc.config["edge-fabric:site"] as Record<string, unknown>);
        writeFileSync(join(dir, "Pulumi.hops.yaml"), stringify(doc));
        const lines: string[] = [];
        const errors: string[] = [];
        const out = join(dir, "out");
        const code = await run(["plan", "--dir", dir, "--stack", "hops", "--out", out], { out: (l) => lines.push(l), err: (l) => errors.push(l) });
        const read = (f: string) => readFileSync(join(out, f), "utf8");
        const files = existsSync(out) ? Object.fromEntries(readdirSync(out).map((f) => [f, read(f)])) : {};
        return { code, lines, errors, files, hops: code === 0 || errors.some((e) => e.startsWith("hop ")) ? (JSON.parse(read("access.json")) as { hops: Hop[] }).hops : [], dot: code === 0 || errors.some((e) => e.startsWith("hop ")) ? read("data-path.dot") : "" };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The failure lines of one hop. */
const failuresOf = (p: Planned, hop: string) => p.errors.filter((e) => e.startsWith(`hop "${hop}"`));

test("dev site: every hop of the data path is listed in access.json and green, with principal, auth, role, network and asset key", async () => {
    const p = await planDev();
    assert.equal(p.code, 0, p.errors.join("\n"));
    const kinds = p.hops.map((h) => h.hop);
    for (const hop of ["edge -> Event Hubs", "edge -> Eventstream", "Eventstream -> Eventhouse (Bronze)", "Capture -> archive", "edge volume -> archive", "Silver export -> archive", "Lakehouse shortcut -> OneLake", "dashboard -> database", "alerts -> database"]) {
        assert.ok(kinds.includes(hop), `access.json lists ${hop}`);
    }
    assert.deepEqual(p.hops.filter((h) => h.verdict !== "ok").map((h) => h.hop), []);
    const edge = p.hops.find((h) => h.hop === "edge -> Event Hubs") as Hop;
    assert.equal(edge.transport, "Kafka over TLS, port 9093");
    assert.match(edge.principal, /AIO extension identity 11111111/);
    assert.deepEqual(edge.auth, { mode: "Entra ID (managed identity)", allowed: true });
    assert.deepEqual(edge.role, { name: "Azure Event Hubs Data Sender", scope: "event hub telemetry" });
    assert.match(edge.assetKey, /document field x-aio-topic/);
    // The Fabric hot path has no key: the AIO identity writes to the custom endpoint as a workspace Contributor.
    const fabric = p.hops.find((h) => h.hop === "edge -> Eventstream") as Hop;
    assert.deepEqual(fabric.auth, { mode: "Entra ID (managed identity)", allowed: true });
    assert.deepEqual(fabric.role, { name: "Contributor (Fabric workspace role)", scope: "workspace 6e335e92-a2a2-4b5a-970a-bd6a89fbb765" });
    assert.match(fabric.assetKey, /document field x-aio-topic/);
    assert.ok(!p.hops.some((h) => h.auth.mode === "shared access key (SAS)"), "no hop of the dev site uses a key");
    const capture = p.hops.find((h) => h.hop === "Capture -> archive") as Hop;
    assert.match(capture.role?.scope ?? "", /^account efsite01archive$/);
    // Honest network column: the edge uses the site's private endpoints; Capture writes from the Event
    // Hubs service, which only the archive's trusted-service exception lets in.
    assert.equal(edge.network, "private endpoint");
    assert.equal((p.hops.find((h) => h.hop === "edge volume -> archive") as Hop).network, "private endpoint");
    assert.equal(capture.network, "trusted service exception");
    // An Eventhouse has no private path to the archive: the export is off on this site, listed as such, not drawn.
    const exported = p.hops.find((h) => h.hop === "Silver export -> archive") as Hop;
    assert.deepEqual([exported.planned, exported.verdict, exported.network], [false, "ok", "none"]);
    assert.equal(exported.transport, "none: the export is off (archive.export.enabled): a Fabric Eventhouse has no network path to efsite01archive, whose public access is off; Silver reaches OneLake through its mirroring policy, the raw stream this archive through Capture");
    assert.doesNotMatch(p.dot, /SilverToArchive/);
    // The table is printed, one labelled line per column.
    assert.ok(p.lines.includes("Data path: 10 hops (access.json)"));
    assert.ok(p.lines.some((l) => /^ {2}principal \/ auth +AIO extension identity 11111111\.\.\.; Entra ID \(managed identity\)$/.test(l)));
    // The diagram's edges between services are the hops, with principal and auth mode.
    assert.match(p.dot, /"eventstream" -> "layer:Bronze" \[\s*label = "ingestion\\nthe Eventstream item\\nEntra ID \(user or service principal\)"/);
    assert.match(p.dot, /"dataflow:hot-fabric" -> "eventstream" \[\s*label = "Kafka :9093\\nAIO extension identity 11111111\.\.\.\\nEntra ID \(managed identity\)"/);
    assert.doesNotMatch(p.dot, /"hub" -> "layer:Bronze"/);
    assert.match(p.dot, /"dataflow:hot" -> "alias" \[\s*label = "Kafka :9093\\nAIO extension identity 11111111\.\.\.\\nEntra ID \(managed identity\)"/);
});

test("no ingestion into Bronze (a shared Eventhouse without a database id or connection): plan fails naming the hop and config path, the diagram draws no ingestion edge", async () => {
    const p = await planDev((site) => {
        const serving = site.serving as Record<string, unknown>;
        delete serving.eventhouseName;
        Object.assign(serving, { queryUri: "https://trd-shared.z0.kusto.fabric.microsoft.com", eventhouseId: "5b1f3c2e-0d4a-4e8b-9c7d-2a6e8f1b3c4d" });
        delete site.alerts;
        Object.assign(site, { dashboard: { enabled: false }, lakehouse: { enabled: false } });
    });
    assert.equal(p.code, 1);
    const [line, ...more] = failuresOf(p, "Event Hubs -> Bronze");
    assert.deepEqual(more, []);
    assert.match(line, /nothing reads event hub telemetry into Bronze of the database: no Eventstream or data connection is planned, so telemetry stops at Event Hubs; fix edge-fabric:site\.serving\.databaseId: on a shared Eventhouse give the item id of the site's KQL database/);
    assert.match(p.errors.at(-1) ?? "", /^error: 1 hop of the data path of Pulumi\.hops\.yaml cannot work/);
    const missing = p.hops.find((h) => h.id === "eventhubs-bronze") as Hop;
    assert.equal(missing.planned, false);
    assert.doesNotMatch(p.dot, /-> "layer:Bronze" \[\s*label = "ingestion/);
});

test("a shared Eventhouse (platform-owned) is keyless too: the site's own Eventstream in the serving workspace, its custom endpoint written by the edge, into the shared database", async () => {
    const p = await planDev((site) => {
        const serving = site.serving as Record<string, unknown>;
        delete serving.eventhouseName;
        Object.assign(serving, { queryUri: "https://trd-shared.z0.kusto.fabric.microsoft.com", eventhouseId: "5b1f3c2e-0d4a-4e8b-9c7d-2a6e8f1b3c4d", databaseId: "8d2c4b6a-1e3f-4a5b-9c8d-7e6f5a4b3c2d" });
    });
    assert.equal(p.code, 0, p.errors.join("\n"));
    const edge = p.hops.find((h) => h.hop === "edge -> Eventstream") as Hop;
    assert.deepEqual([edge.verdict, edge.auth.mode, edge.role?.scope], ["ok", "Entra ID (managed identity)", "workspace 6e335e92-a2a2-4b5a-970a-bd6a89fbb765"]);
    assert.match(edge.consumer, /custom endpoint of Eventstream ef-site01-ingest/);
    const bronze = p.hops.find((h) => h.hop === "Eventstream -> Eventhouse (Bronze)") as Hop;
    assert.equal(bronze.verdict, "ok");
    assert.ok(!p.hops.some((h) => h.auth.mode === "shared access key (SAS)"), "no key");
    assert.match(p.dot, /"dataflow:hot-fabric" -> "eventstream"/);
});

test("a Fabric standby is keyless too: the edge writes to the standby Eventstream's custom endpoint as well (hot-fabric-standby), Contributor on the standby workspace", async () => {
    const p = await planDev((site) => {
        Object.assign(site.dr as Record<string, unknown>, { standbyDatabase: true, standby: { workspaceId: "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d" } });
    });
    assert.equal(p.code, 0, p.errors.join("\n"));
    const writers = p.hops.filter((h) => h.hop === "edge -> Eventstream");
    assert.deepEqual(writers.map((h) => [h.producer.split(" ")[2], h.role?.scope, h.verdict]), [
        ["hot-fabric", "workspace 6e335e92-a2a2-4b5a-970a-bd6a89fbb765", "ok"],
        ["hot-fabric-standby", "workspace 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "ok"],
    ]);
    const standby = p.hops.find((h) => h.id === "standby-ingestion") as Hop;
    assert.deepEqual([standby.verdict, standby.network], ["ok", "inside Fabric"]);
    assert.match(standby.producer, /custom endpoint of Eventstream ef-site01-standby-ingest \(written by the edge\)/);
    assert.ok(!p.hops.some((h) => h.auth.mode === "shared access key (SAS)"), "no key");
});

test("serving.workspaceRolesGrantedBy platform: the site assigns no workspace role (its deployer needs only Contributor), the hops to the primary and standby Eventstreams show the role as the platform's and pass", async () => {
    const p = await planDev((site) => {
        (site.serving as Record<string, unknown>).workspaceRolesGrantedBy = "platform";
        Object.assign(site.dr as Record<string, unknown>, { standbyDatabase: true, standby: { workspaceId: "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d" } });
    });
    assert.equal(p.code, 0, p.errors.join("\n"));
    const resources = JSON.parse(p.files["resources.json"]) as ResourceView[];
    assert.equal(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment").length, 0, "no role assignment: the platform owns them");
    const writers = p.hops.filter((h) => h.hop === "edge -> Eventstream");
    assert.deepEqual(writers.map((h) => [h.producer.split(" ")[2], h.role, h.verdict]), [
        ["hot-fabric", { name: "Contributor (Fabric workspace role, granted by the platform)", scope: "workspace 6e335e92-a2a2-4b5a-970a-bd6a89fbb765" }, "ok"],
        ["hot-fabric-standby", { name: "Contributor (Fabric workspace role, granted by the platform)", scope: "workspace 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d" }, "ok"],
    ]);
    // Without the switch, the same plan without its role assignments is a missing role, naming the switch.
    const facts = { configPath: "edge-fabric:site", principals: { aio: "11111111-1111-1111-1111-111111111111" }, preassigned: new Set<never>() };
    const lines = describeFailures(dataPathHops({ resources, site: facts }));
    assert.equal(lines.length, 2);
    for (const line of lines) {
        assert.match(line, /^hop "edge -> Eventstream" .*the AIO identity 11111111-1111-1111-1111-111111111111 has no Contributor \(or higher\) role on Fabric workspace .*serving\.workspaceRolesGrantedBy: platform/);
    }
});

test("local auth off with a SAS-only consumer (a Fabric connection to the site's own namespace): plan fails naming the hop and config path", async () => {
    const p = await planDev((site) => {
        (site.serving as Record<string, unknown>).eventHubConnectionId = "7b3c1e0a-52f4-4d8e-9a55-0c6f2e4b9d21";
    });
    assert.equal(p.code, 1);
    const [line, ...more] = failuresOf(p, "Event Hubs -> Eventhouse (Bronze)");
    assert.deepEqual(more, []);
    assert.match(line, /authenticates with a shared access key only, and namespace ef-site01-westeurope has local \(SAS\) auth off, so it refuses the connection; fix edge-fabric:site\.serving\.eventHubConnectionId: remove it/);
    assert.match(line, /authenticate-shared-access-signature/);
    const hop = p.hops.find((h) => h.id === "eventhubs-bronze") as Hop;
    assert.deepEqual(hop.auth, { mode: "shared access key (SAS)", allowed: false });
    // The Eventstream reads the private namespace through the Fabric managed private endpoint.
    assert.equal(hop.network, "managed private endpoint");
    assert.ok(!p.hops.some((h) => h.hop === "edge -> Eventstream"), "with a connection, the edge writes to Event Hubs only");
});

test("serving.eventstreamSource eventHubs: the Eventstream reads the hub with a hub-scoped Listen key, every hop green, and the key is in no file, line or error of the plan", async () => {
    const p = await planDev((site) => {
        (site.serving as Record<string, unknown>).eventstreamSource = "eventHubs";
    });
    assert.equal(p.code, 0, p.errors.join("\n"));
    assert.deepEqual(p.hops.filter((h) => h.verdict !== "ok").map((h) => h.hop), []);
    const hop = p.hops.find((h) => h.id === "eventhubs-bronze") as Hop;
    assert.equal(hop.hop, "Event Hubs -> Eventhouse (Bronze)");
    assert.deepEqual(hop.auth, { mode: "SAS (Listen, hub scope)", allowed: true });
    assert.deepEqual(hop.role, { name: "shared access rule fabric-listen (Listen)", scope: "event hub telemetry" });
    assert.match(hop.principal, /^Fabric connection ef-site01-westeurope\/telemetry \(edge-fabric site site01\), created by the site$/);
    assert.equal(hop.network, "managed private endpoint");
    assert.ok(!p.hops.some((h) => h.hop === "edge -> Eventstream"), "no custom endpoint: one hot dataflow, to Event Hubs");
    assert.match(p.dot, /"hub" -> "layer:Bronze" \[\s*label = "ingestion, consumer group eventhouse\\nFabric connection ef-site01-westeurope\/telemetry \(edge-fabric site site01\), created by the site\\nSAS \(Listen, hub scope\)"/);
    const resources = JSON.parse(p.files["resources.json"]) as ResourceView[];
    assert.equal(resources.find((r) => r.type === "pulumi-nodejs:dynamic/fabric:Connection")?.inputs.secret, "[secret]");
    const everything = [...Object.values(p.files), ...p.lines, ...p.errors].join("\n");
    assert.ok(!everything.includes(MOCK_EVENT_HUB_KEY), "the key the plan read is nowhere in what it wrote or printed");
    // A failing plan's errors do not carry it either.
    const failing = await planDev((site) => {
        (site.serving as Record<string, unknown>).eventstreamSource = "eventHubs";
        (site.archive as Record<string, unknown>).export = { enabled: true };
    });
    assert.equal(failing.code, 1);
    assert.ok(failing.errors.length > 0);
    assert.ok(![...Object.values(failing.files), ...failing.lines, ...failing.errors].join("\n").includes(MOCK_EVENT_HUB_KEY));
    // The rule's rights decide the hop: more than Listen is refused, and so is a connection without a hub rule.
    const facts = { configPath: "edge-fabric:site", principals: {}, preassigned: new Set<never>() };
    const withRights = (rights: string[]) => resources.map((r) => (r.type === "azure-native:eventhub:EventHubAuthorizationRule" ? { ...r, inputs: { ...r.inputs, rights } } : r));
    const [broad, ...more] = describeFailures(dataPathHops({ resources: withRights(["Listen", "Send"]), site: facts }));
    assert.deepEqual(more, []);
    assert.match(broad, /^hop "Event Hubs -> Eventhouse \(Bronze\)" .*rule fabric-listen grants Listen, Send: the Eventstream only reads.*; fix edge-fabric:site\.serving\.eventstreamSource: give the rule Listen only \(https:\/\/learn\.microsoft\.com\/azure\/event-hubs\/authenticate-shared-access-signature\)$/);
    const [none] = describeFailures(dataPathHops({ resources: resources.filter((r) => r.type !== "azure-native:eventhub:EventHubAuthorizationRule"), site: facts }));
    assert.match(none, /the Fabric connection holds no key of a Listen rule on the event hub \(no hub rule is planned\), so the Eventstream cannot read/);
});

test("a Fabric export to an archive with public access off: plan fails naming archive.export.enabled; with public access on it writes over the public endpoint", async () => {
    const p = await planDev((site) => {
        (site.archive as Record<string, unknown>).export = { enabled: true };
    });
    assert.equal(p.code, 1);
    const [line, ...more] = failuresOf(p, "Silver export -> archive");
    assert.deepEqual(more, []);
    assert.match(line, /account efsite01archive has public network access off, and a Fabric Eventhouse has no private path to a storage account .*; fix edge-fabric:site\.archive\.export\.enabled: false /);
    assert.match(line, /security-managed-private-endpoints-overview#supported-item-types/);
    const open = await planDev((site) => {
        site.network = { publicNetworkAccess: true };
    });
    assert.equal(open.code, 0, open.errors.join("\n"));
    const hop = open.hops.find((h) => h.hop === "Silver export -> archive") as Hop;
    assert.deepEqual([hop.planned, hop.verdict, hop.network], [true, "ok", "public endpoint"]);
    assert.match(hop.principal, /the deployer 00000000\.\.\. \(impersonated\)/);
    // Turned off where it could work, the row says only that it is off.
    const off = await planDev((site) => {
        site.network = { publicNetworkAccess: true };
        (site.archive as Record<string, unknown>).export = { enabled: false };
    });
    assert.equal((off.hops.find((h) => h.hop === "Silver export -> archive") as Hop).transport, "none: the export is off (archive.export.enabled)");
});

test("the OneLake latency is site config: the shortcuts' hop shows it; a value outside 5-180 is refused with its config path", async () => {
    const p = await planDev((site) => {
        (site.serving as Record<string, unknown>).oneLakeLatencyMinutes = 15;
    });
    assert.equal(p.code, 0, p.errors.join("\n"));
    const shortcuts = p.hops.filter((h) => h.hop === "Lakehouse shortcut -> OneLake");
    assert.deepEqual(shortcuts.map((h) => h.producer), ["mirroring policy of Silver, every 15 min at most", "mirroring policy of GoldTagStats5mLake, every 15 min at most"]);
    const bad = await planDev((site) => {
        (site.serving as Record<string, unknown>).oneLakeLatencyMinutes = 2;
    });
    assert.equal(bad.code, 1);
    assert.ok(bad.errors.some((e) => /^Pulumi\.hops\.yaml:\d+:\d+: edge-fabric:site\.serving\.oneLakeLatencyMinutes: must be between 5 and 180, got 2/.test(e)), bad.errors.join("\n"));
});

test("a Capture deployer without account-scope access (a shared archive account): plan fails naming the hop; preassigned access passes", async () => {
    const shared = (deployerAccess?: string) => (site: Record<string, unknown>) => {
        site.archive = { storageAccountId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-platform/providers/Microsoft.Storage/storageAccounts/stplatformarchive", redundancy: "RAGRS" };
        const eventHubs = site.eventHubs as { capture: Record<string, unknown> };
        if (deployerAccess) eventHubs.capture.deployerAccess = deployerAccess;
    };
    const p = await planDev(shared());
    assert.equal(p.code, 1);
    const [line] = failuresOf(p, "Capture -> archive");
    assert.match(line, /the deployer \(00000000\.\.\.\) gets no data-plane write \(containers\/write, containers\/blobs\/write\) at the scope of account .*Linked access check failed.*; fix edge-fabric:site\.eventHubs\.capture\.deployerAccess: /);
    assert.match(line, /event-hubs-capture-overview#azure-storage-account-as-a-destination/);
    const ok = await planDev(shared("preassigned"));
    assert.deepEqual(failuresOf(ok, "Capture -> archive"), []);
});

test("the site's own account: the deployer is granted Storage Blob Data Contributor at account scope before the hub is created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hops-"));
    try {
        const io = { out: () => undefined, err: () => undefined };
        assert.equal(await run(["plan", "--dir", root, "--out", dir], io), 0);
        const resources = JSON.parse(readFileSync(join(dir, "resources.json"), "utf8")) as { urn: string; name: string; inputs: Record<string, unknown>; dependencies: string[]; propertyDependencies: Record<string, string[]> }[];
        const grant = resources.find((r) => r.name === "site01-eventhubs-capture-deployer");
        assert.ok(grant);
        assert.equal(grant.inputs.principalId, "00000000-0000-0000-0000-0000000000a1");
        assert.match(String(grant.inputs.roleDefinitionId), /ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
        const account = resources.find((r) => r.name === "site01-archive-account");
        assert.deepEqual(grant.propertyDependencies.scope, [account?.urn]);
        assert.ok(resources.find((r) => r.name === "site01-eventhubs-telemetry")?.dependencies.includes(grant.urn));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test("a missing role (a shared ADX cluster whose identity nobody grants Data Receiver): plan fails naming the hop; serving.principalId fixes it", async () => {
    const adx = (principalId?: string) => (site: Record<string, unknown>) => {
        site.serving = {
            kind: "adx",
            databaseName: "telemetry",
            clusterId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-platform/providers/Microsoft.Kusto/clusters/adxplatform",
            queryUri: "https://adxplatform.westeurope.kusto.windows.net",
            ...(principalId ? { principalId } : {}),
        };
        delete site.dashboard;
        delete site.alerts;
    };
    const p = await planDev(adx());
    assert.equal(p.code, 1, p.errors.join("\n"));
    const [line] = failuresOf(p, "Event Hubs -> ADX (Bronze)");
    assert.match(line, /the shared cluster's managed identity has no Azure Event Hubs Data Receiver role on event hub telemetry or its namespace; fix edge-fabric:site\.serving\.principalId: /);
    const fixed = await planDev(adx("66666666-6666-6666-6666-666666666666"));
    assert.equal(fixed.code, 0, fixed.errors.join("\n"));
    const ingestion = fixed.hops.find((h) => h.hop === "Event Hubs -> ADX (Bronze)") as Hop;
    assert.match(ingestion.assetKey, /x-aio-topic; embedded x-opt-partition-key/);
    // The cluster reads the private namespace and writes the export as a trusted service, not through the site's private endpoints.
    assert.equal(ingestion.network, "trusted service exception");
    assert.equal((fixed.hops.find((h) => h.hop === "Silver export -> archive") as Hop).network, "trusted service exception");
});

test("the dev site on a platform stack: its workspace, or a shared Eventhouse, read from the platform's outputs (the contract's placeholders offline), plans the same hops, all green", async () => {
    const summary = (p: Planned) => p.hops.map((h) => [h.hop, h.planned, h.verdict, h.auth.mode, h.role?.name, h.network].join(" | "));
    const own = await planDev();
    const workspace = { stackOutput: "fabricWorkspaceId" };
    const joined = await planDev((site) => {
        site.platform = { stack: "contoso/edge-fabric-platform/prod" };
        (site.serving as Record<string, unknown>).workspaceId = workspace;
    });
    assert.equal(joined.code, 0, joined.errors.join("\n"));
    assert.deepEqual(summary(joined), summary(own));
    const platformWorkspace = platformPlaceholder("fabricWorkspaceId");
    assert.equal((joined.hops.find((h) => h.hop === "edge -> Eventstream") as Hop).role?.scope, `workspace ${platformWorkspace}`, "the AIO identity's role is on the platform's workspace");

    const shared = await planDev((site) => {
        site.platform = { stack: "contoso/edge-fabric-platform/prod" };
        const serving = site.serving as Record<string, unknown>;
        delete serving.eventhouseName;
        Object.assign(serving, { workspaceId: workspace, eventhouseId: { stackOutput: "eventhouseId" }, databaseId: { stackOutput: "kqlDatabaseId" }, queryUri: { stackOutput: "eventhouseQueryUri" } });
    });
    assert.equal(shared.code, 0, shared.errors.join("\n"));
    assert.deepEqual(summary(shared), summary(own), "a platform-owned Eventhouse carries the same data path");
    assert.equal((shared.hops.find((h) => h.hop === "edge -> Eventstream") as Hop).role?.scope, `workspace ${platformWorkspace}`);
});
