import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "../../cli/main";
import type { Io } from "../../cli/io";
import type { PlannedResource } from "../../cli/plan";
import { platformPlaceholder } from "../../components/platform/contract";

const root = resolve(__dirname, "../../..");
const fixtures = resolve(root, "tests/fixtures/stacks");

function capture(): Io & { lines: string[]; errors: string[] } {
    const lines: string[] = [];
    const errors: string[] = [];
    return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

function tempDir(): string {
    return mkdtempSync(join(tmpdir(), "plan-"));
}

const byName = (resources: PlannedResource[], name: string) => {
    const found = resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found;
};

test("plan on Pulumi.dev.yaml: exit 0, tree, summary, resources.json, KQL and diagram", async () => {
    const out = tempDir();
    try {
        const io = capture();
        const code = await run(["plan", "--dir", root, "--out", out], io);
        assert.equal(code, 0, io.errors.join("\n"));
        assert.equal(io.lines[0], "edge-fabric:site:HybridSite  site01");
        assert.ok(io.lines.includes("├─ edge-fabric:cloud:EventHubsIngestion  site01-eventhubs"));
        assert.ok(io.lines.some((l) => /^Plan of stack dev \(site site01, westeurope\): \d+ resources to create/.test(l)));

        const resources = JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as PlannedResource[];
        const site = byName(resources, "site01");
        assert.equal(site.type, "edge-fabric:site:HybridSite");
        assert.equal(site.parent, null);
        for (const r of resources) {
            assert.deepEqual(Object.keys(r), ["urn", "type", "name", "parent", "inputs", "dependencies", "propertyDependencies"]);
            assert.ok(r === site || resources.some((p) => p.urn === r.parent), `${r.name} has a parent in the plan`);
        }
        const namespace = byName(resources, "site01-eventhubs-ns");
        assert.equal(namespace.type, "azure-native:eventhub:Namespace");
        assert.equal(namespace.parent, byName(resources, "site01-eventhubs").urn);
        assert.equal(namespace.inputs.namespaceName, "ef-site01-westeurope");
        assert.equal(namespace.inputs.disableLocalAuth, true);
        assert.equal(namespace.inputs.publicNetworkAccess, "Disabled");
        const hub = byName(resources, "site01-eventhubs-telemetry");
        assert.equal(hub.inputs.partitionCount, 4);
        assert.deepEqual([hub.inputs.namespaceName, hub.inputs.resourceGroupName], ["ef-site01-westeurope", "rg-edge-fabric-site01"], "references show the names Azure will see");
        assert.equal(byName(resources, "site01-dr-alias").inputs.alias, "ef-site01-telemetry");
        const endpoint = byName(resources, "site01-dataflows-endpoint-eventhubs").inputs.properties as { kafkaSettings: { host: string } };
        assert.equal(endpoint.kafkaSettings.host, "ef-site01-telemetry.servicebus.windows.net:9093", "the edge publishes through the DR alias");
        // The kubeconfig is a secret: redacted, never the placeholder text or anything else.
        assert.equal(byName(resources, "site01-edge-volume-cluster").inputs.kubeconfig, "[secret]");
        const lifecycle = byName(resources, "site01-archive-lifecycle").inputs as { policy: { rules: { definition: { actions: { baseBlob: Record<string, unknown> } } }[] } };
        assert.deepEqual(Object.keys(lifecycle.policy.rules[0].definition.actions.baseBlob).sort(), ["delete", "tierToArchive", "tierToCold", "tierToCool"]);
        // No export on this private Fabric site (no network path from an Eventhouse), so no external table
        // reads the export container and it tiers like the others (program.test covers the export's own rule).
        assert.deepEqual(Object.keys(lifecycle.policy.rules[2].definition.actions.baseBlob).sort(), ["delete", "tierToArchive", "tierToCold", "tierToCool"]);

        // The serving layer: dashboard, Activator, Lakehouse and one shortcut per mirrored table, under the site.
        for (const [type, name] of [
            ["edge-fabric:serving:RealTimeDashboard", "site01-dashboard"],
            ["pulumi-nodejs:dynamic/fabric:KqlDashboard", "site01-dashboard-dashboard"],
            ["edge-fabric:serving:Alerts", "site01-alerts"],
            ["pulumi-nodejs:dynamic/fabric:Reflex", "site01-alerts-activator"],
            ["edge-fabric:serving:BatchLakehouse", "site01-lakehouse"],
            ["pulumi-nodejs:dynamic/fabric:Lakehouse", "site01-lakehouse-lakehouse"],
            ["pulumi-nodejs:dynamic/fabric:OneLakeShortcut", "site01-lakehouse-Silver"],
            ["pulumi-nodejs:dynamic/fabric:OneLakeShortcut", "site01-lakehouse-GoldTagStats5mLake"],
        ]) {
            assert.equal(byName(resources, name).type, type);
        }
        assert.equal(byName(resources, "site01-dashboard").parent, site.urn);
        assert.equal(byName(resources, "site01-dashboard-dashboard").inputs.displayName, "site01 cold chain");
        assert.ok(io.lines.includes("├─ edge-fabric:serving:RealTimeDashboard  site01-dashboard"));
        // No Silver export on this private Fabric site (an Eventhouse has no private path to the archive).
        const schemaResource = resources.find((r) => r.type.endsWith("kusto:KqlDatabaseSchema")) as PlannedResource;
        assert.ok(!(schemaResource.inputs.scripts as { path: string }[]).some((f) => f.path === "5-export.kql"));

        const kql = readFileSync(join(out, "schema.kql"), "utf8");
        assert.match(kql, /\.create-merge table Bronze/);
        assert.match(kql, /GoldLatest/);
        const svg = readFileSync(join(out, "data-path.svg"), "utf8");
        assert.match(svg, /^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
        const svgText = svg.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
        for (const text of [
            "site01/channel22/freezer01",
            "site01/channel22/freezer06",
            "event hub telemetry",
            "geo-DR alias ef-site01-telemetry",
            "Bronze",
            "GoldTagStats5m",
            "container eh-capture",
            "northeurope",
            // The serving layer.
            "serving layer (Fabric)",
            "Real-Time Dashboard",
            "site01 cold chain",
            "Activator alerts (experimental)",
            "freezer too warm",
            "Lakehouse site01_lakehouse",
            "shortcuts: Silver, GoldTagStats5mLake",
            // Principal and auth mode on every hop.
            "AIO extension identity 11111111...",
            "Entra ID (managed identity)",
        ]) {
            assert.ok(svgText.includes(text), `diagram shows ${text}`);
        }
        const dot = readFileSync(join(out, "data-path.dot"), "utf8");
        assert.match(dot, /^digraph "data_path"/);
        assert.doesNotMatch(dot, /continuous export|container:kqlExport/);
        assert.match(dot, /"container:capture"/, "the rest of the archive is still drawn");
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
});

test("plan of a shared-platform site: adopts the platform's namespace and account, applies the schema on its Eventhouse", async () => {
    const out = tempDir();
    try {
        const io = capture();
        assert.equal(await run(["plan", "--dir", fixtures, "--stack", "shared", "--out", out], io), 0, io.errors.join("\n"));
        const resources = JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as PlannedResource[];
        const types = resources.map((r) => r.type);
        assert.ok(!types.includes("azure-native:eventhub:Namespace"));
        assert.ok(!types.includes("azure-native:storage:StorageAccount"));
        assert.ok(!types.includes("azure-native:storage:ManagementPolicy"), "a site never replaces a shared account's lifecycle policy");
        assert.equal(byName(resources, "site02-archive-capture").inputs.containerName, "site02-eh-capture");
        assert.equal(byName(resources, "site02-eventhubs-telemetry").inputs.namespaceName, "eventhubsnamespaceid");
        const schema = resources.find((r) => r.type.endsWith("kusto:KqlDatabaseSchema"));
        assert.ok(schema);
        assert.equal(schema.inputs.clusterUri, platformPlaceholder("eventhouseQueryUri"));
        assert.match(String(schema.inputs.__provider), /^\[serialized dynamic provider, \d+ characters\]$/);
        assert.ok(io.lines.some((l) => l.includes("Outputs of contoso/edge-fabric-platform/prod are placeholders offline")));
        assert.ok(existsSync(join(out, "data-path.svg")));
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
});

/** Writes `Pulumi.<stack>.yaml` with `text` into a fresh directory and plans it. */
async function planBroken(stack: string, text: string): Promise<{ code: number; io: ReturnType<typeof capture>; out: string }> {
    const dir = tempDir();
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
    const io = capture();
    const out = join(dir, "out");
    const code = await run(["plan", "--dir", dir, "--stack", stack, "--out", out], io);
    rmSync(dir, { recursive: true, force: true });
    return { code, io, out };
}

const devText = readFileSync(resolve(root, "Pulumi.dev.yaml"), "utf8");

test("plan on a broken config: exit 1, one line per problem with file:line:col, nothing written", async () => {
    const text = devText.replace("partitions: 4", "partitions: 64").replace("retentionDays: 1", "retentionDays: 1\n      partitons: 3").replace("secondaryLocation: northeurope", "secondaryLocation: westeurope");
    const { code, io, out } = await planBroken("broken", text);
    assert.equal(code, 1);
    assert.equal(io.lines.length, 0);
    const line = (n: number, s: string) => text.split("\n").findIndex((l) => l.includes(s)) + 1 === n;
    const problems = io.errors.slice(0, -1);
    assert.equal(problems.length, 3, io.errors.join("\n"));
    const partitions = problems.find((e) => e.includes("edge-fabric:site.eventHubs.partitions: must be between 1 and 32 on Standard, got 64"));
    assert.ok(partitions);
    const [, lineNo, col] = /^Pulumi\.broken\.yaml:(\d+):(\d+): /.exec(partitions) ?? [];
    assert.ok(line(Number(lineNo), "partitions: 64") && col === "19", partitions);
    assert.ok(problems.some((e) => e.endsWith('edge-fabric:site.eventHubs.partitons: unknown key (did you mean "partitions"?)')));
    assert.ok(problems.some((e) => e.endsWith("edge-fabric:site.dr.secondaryLocation: must differ from location (westeurope)")));
    assert.equal(io.errors.at(-1), "error: 3 config problems in Pulumi.broken.yaml; nothing was planned");
    assert.ok(!io.errors.some((e) => /\n\s+at /.test(e)), "no stack trace");
    assert.ok(!existsSync(out));
});

test("plan: a plain-text kubeconfig, YAML syntax errors and a missing stack file are user errors", async () => {
    const plain = await planBroken("plain", devText.replace(/edge-fabric:kubeconfig:\n\s+secure: \S+/, "edge-fabric:kubeconfig: apiVersion-v1"));
    assert.equal(plain.code, 1);
    assert.match(plain.io.errors[0], /^Pulumi\.plain\.yaml:\d+:\d+: edge-fabric:kubeconfig: must be a secret/);

    const syntax = await planBroken("syntax", "config:\n  edge-fabric:site: {name: [\n");
    assert.equal(syntax.code, 1);
    assert.match(syntax.io.errors[0], /^error: Pulumi\.syntax\.yaml:\d+:\d+: /);

    const io = capture();
    assert.equal(await run(["plan", "--dir", fixtures, "--stack", "nope"], io), 1);
    assert.match(io.errors[0], /^error: no stack file Pulumi\.nope\.yaml in .* \(stacks here: shared\)$/);
});

test("plan: a config the components refuse is reported as a message, exit 1", async () => {
    // Valid for the config schema, refused by AioDataflows (an asset topic that is another asset's key).
    const text = devText.replace("assets: [freezer01, freezer02, freezer06]", "assets: [freezer01, { name: freezer02, topic: site01/channel22/freezer01 }]");
    const { code, io } = await planBroken("refused", text);
    assert.equal(code, 1);
    assert.match(io.errors.join("\n"), /AioDataflows/);
    assert.ok(!io.errors.some((e) => /\n\s+at /.test(e)));
});

test("plan: a bad alert threshold or recipient is a config error with its path and position, exit 1", async () => {
    const text = devText.replace("above: -2 °C", 'above: "-2"').replace("email: [cold-chain@contoso.com]", "email: [cold-chain]");
    const { code, io, out } = await planBroken("alerts", text);
    assert.equal(code, 1);
    const at = (s: string) => `Pulumi.alerts.yaml:${text.split("\n").findIndex((l) => l.includes(s)) + 1}:`;
    assert.ok(io.errors.some((e) => e.startsWith(at('above: "-2"')) && e.endsWith('edge-fabric:site.alerts.rules[0].above: "-2" has no unit: write it with one, e.g. "-2 °C"')), io.errors.join("\n"));
    assert.ok(io.errors.some((e) => e.startsWith(at("email: [cold-chain]")) && e.endsWith('edge-fabric:site.alerts.rules[0].email: "cold-chain" is not an e-mail address')), io.errors.join("\n"));
    assert.equal(io.errors.at(-1), "error: 2 config problems in Pulumi.alerts.yaml; nothing was planned");
    assert.ok(!existsSync(out));
    // YAML reads a bare -2 as a number: the unit is missing all the same.
    const bare = await planBroken("bare", devText.replace("above: -2 °C", "above: -2"));
    assert.equal(bare.code, 1);
    assert.match(bare.io.errors[0], /^Pulumi\.bare\.yaml:\d+:\d+: edge-fabric:site\.alerts\.rules\[0\]\.above: must be a temperature with its unit such as "-2 °C" or \{ value, unit \}, got -2$/);
});

test("plan: a dashboard on an ADX site is refused by the config, naming the block", async () => {
    const text = devText.replace(/serving:\n {6}kind: eventhouse[\s\S]*?(?=\n {4}archive:)/, "serving:\n      kind: adx").replace(/\n {4}alerts:[\s\S]*$/, "\n");
    const { code, io } = await planBroken("adx", text);
    assert.equal(code, 1, io.lines.join("\n"));
    assert.ok(io.errors.some((e) => /^Pulumi\.adx\.yaml:\d+:\d+: edge-fabric:site\.dashboard: Real-Time Dashboards are Fabric items and serving\.kind is "adx"/.test(e)), io.errors.join("\n"));
});

test("plan: with public access on the Silver export is on: resolved to the kql-export container, the deployer granted on it, drawn on the diagram", async () => {
    const dir = tempDir();
    try {
        writeFileSync(join(dir, "Pulumi.export.yaml"), devText.replace(/\n {4}network:[\s\S]*$/, "\n    network:\n      publicNetworkAccess: true\n"));
        const io = capture();
        const out = join(dir, "out");
        assert.equal(await run(["plan", "--dir", dir, "--stack", "export", "--out", out], io), 0, io.errors.join("\n"));
        const resources = JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as PlannedResource[];
        const schemaResource = resources.find((r) => r.type.endsWith("kusto:KqlDatabaseSchema")) as PlannedResource;
        const exportScript = (schemaResource.inputs.scripts as { path: string; text: string }[]).find((f) => f.path === "5-export.kql");
        assert.match(exportScript?.text ?? "", /h@'https:\/\/efsite01archive\.blob\.core\.windows\.net\/kql-export\/silver;impersonate'/);
        assert.equal(byName(resources, "site01-medallion-archive-writer-deployer").type, "azure-native:authorization:RoleAssignment");
        const svgText = readFileSync(join(out, "data-path.svg"), "utf8").replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
        for (const text of ["container kql-export", "continuous export SilverToArchive", "every 1h, parquet by day", "the deployer 00000000... (impersonated)"]) {
            assert.ok(svgText.includes(text), `diagram shows ${text}`);
        }
        const dot = readFileSync(join(out, "data-path.dot"), "utf8");
        assert.match(dot, /"layer:Silver" -> "container:kqlExport" \[\s*label = "continuous export SilverToArchive/);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
