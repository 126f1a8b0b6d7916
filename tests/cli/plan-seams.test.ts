import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "../../cli/main";
import type { Io } from "../../cli/io";
import type { PlannedResource } from "../../cli/plan";

const root = resolve(__dirname, "../../..");
const devText = readFileSync(join(root, "Pulumi.dev.yaml"), "utf8");

/** Plans the dev site with `edit` applied to its YAML; the exit code, messages and planned resources. */
async function plan(edit: (yaml: string) => string): Promise<{ code: number; errors: string; resources: PlannedResource[] }> {
    const dir = mkdtempSync(join(tmpdir(), "plan-seams-"));
    try {
        writeFileSync(join(dir, "Pulumi.site.yaml"), edit(devText));
        const lines: string[] = [];
        const errors: string[] = [];
        const io: Io = { out: (l) => lines.push(l), err: (l) => errors.push(l) };
        const code = await run(["plan", "--dir", dir, "--stack", "site", "--out", join(dir, "out")], io);
        const resources = code === 0 ? (JSON.parse(readFileSync(join(dir, "out", "resources.json"), "utf8")) as PlannedResource[]) : [];
        return { code, errors: errors.join("\n"), resources };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The unchanged dev site's plan, shared by the tests that read it. */
let devPlan: ReturnType<typeof plan> | undefined;
const dev = (): ReturnType<typeof plan> => (devPlan ??= plan((y) => y));

const ofType = (resources: PlannedResource[], type: string) => resources.filter((r) => r.type === type);

test("dev plan: the cold path's schema is registered from the tags and the cold dataflow names it and waits for it", async () => {
    const { code, errors, resources } = await dev();
    assert.equal(code, 0, errors);
    const [schema] = ofType(resources, "azure-native:deviceregistry:Schema");
    assert.deepEqual([schema.inputs.schemaRegistryName, schema.inputs.resourceGroupName, schema.inputs.schemaName, schema.inputs.format, schema.inputs.schemaType], ["aio-sr-site01", "rg-site01-arc", "site01-cold", "Delta/1.0", "MessageSchema"]);
    const [version] = ofType(resources, "azure-native:deviceregistry:SchemaVersion");
    assert.equal(version.inputs.schemaVersionName, "1");
    const content = JSON.parse(String(version.inputs.schemaContent)) as { properties: { fields: { name: string; type: { fields?: { name: string; type: unknown }[] } }[] } };
    const humidity = content.properties.fields.find((f) => f.name === "humidity");
    assert.equal(humidity?.type.fields?.find((f) => f.name === "Value")?.type, "string", "humidity's string samples fit");
    const cold = ofType(resources, "azure-native:iotoperations:Dataflow").find((d) => d.name.endsWith("-cold"));
    assert.ok(cold, "the cold dataflow");
    const ops = (cold.inputs.properties as { operations: { builtInTransformationSettings?: { schemaRef?: string; map?: { output: string }[] } }[] }).operations;
    const transform = ops.find((o) => o.builtInTransformationSettings?.schemaRef)?.builtInTransformationSettings;
    assert.equal(transform?.schemaRef, "aio-sr://aio-sr-site01/site01-cold:1");
    assert.ok(transform?.map?.some((m) => m.output === "humidity.Value"));
    assert.ok(!transform?.map?.some((m) => m.output === "*"), "no wildcard: a tag the schema lacks would drop the record");
    assert.ok(cold.dependencies.includes(version.urn) || resources.some((r) => r.urn === cold.parent && r.dependencies.includes(version.urn)), "the cold dataflow waits for the schema version");
});

test("dev plan: public access off gets private endpoints and DNS for the namespace, its geo-DR secondary and the archive; no Fabric managed private endpoint, since no Eventstream reads the hub", async () => {
    const { code, errors, resources } = await dev();
    assert.equal(code, 0, errors);
    const endpoints = ofType(resources, "azure-native:network:PrivateEndpoint");
    assert.deepEqual(endpoints.map((e) => (e.inputs.privateLinkServiceConnections as { groupIds: string[] }[])[0].groupIds[0]).sort(), ["blob", "namespace", "namespace"]);
    // After a failover the alias resolves to the secondary, which has public access off too.
    const secondary = ofType(resources, "azure-native:eventhub:Namespace").find((n) => n.name === "site01-dr-secondary");
    assert.ok(secondary && endpoints.some((e) => e.propertyDependencies.privateLinkServiceConnections?.includes(secondary.urn)), "a private endpoint for the secondary namespace");
    // Capture writes from the Event Hubs service: the archive lets trusted Azure services through, nothing else.
    assert.deepEqual(ofType(resources, "azure-native:storage:StorageAccount")[0].inputs.networkRuleSet, { defaultAction: "Deny", bypass: "AzureServices" });
    // No ADX reads the hub, so the namespace keeps no trusted-service exception.
    assert.deepEqual(ofType(resources, "azure-native:eventhub:NamespaceNetworkRuleSet"), []);
    assert.ok(endpoints.every((e) => (e.inputs.subnet as { id: string }).id.endsWith("/virtualNetworks/vnet-site01/subnets/private-endpoints")));
    assert.deepEqual(ofType(resources, "azure-native:privatedns:PrivateZone").map((z) => z.inputs.privateZoneName).sort(), ["privatelink.blob.core.windows.net", "privatelink.servicebus.windows.net"]);
    assert.ok(ofType(resources, "azure-native:privatedns:VirtualNetworkLink").every((l) => (l.inputs.virtualNetwork as { id: string }).id.endsWith("/virtualNetworks/vnet-site01")));
    assert.equal(ofType(resources, "azure-native:network:PrivateDnsZoneGroup").length, 3);
    // The edge writes to the Eventstream's custom endpoint; nothing in Fabric reads the private namespace.
    assert.deepEqual(ofType(resources, "pulumi-nodejs:dynamic/fabric:ManagedPrivateEndpoint"), []);
});

test("plan refuses public access off without private connectivity, naming the config path", async () => {
    const { code, errors } = await plan((y) => y.replace(/\n {6}# Private endpoints[\s\S]*?subnets\/private-endpoints/, ""));
    assert.equal(code, 1);
    assert.match(errors, /edge-fabric:site\.network\.private: is required when network\.publicNetworkAccess is false/);
});

test("plan refuses a cold path without a schema, naming the config path", async () => {
    const { code, errors } = await plan((y) => y.replace(/\n {8}schema:\n {10}registryId: .*\n {10}namespace: .*\n {10}tags: .*/, ""));
    assert.equal(code, 1);
    assert.match(errors, /edge-fabric:site\.edge\.cold\.schema: is required when cold\.enabled is true/);
});
