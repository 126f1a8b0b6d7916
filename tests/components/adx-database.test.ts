import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import type { RecordedResource } from "../../cli/synth";
import { value } from "./output-value";
import { AdxDatabase } from "../../components";

const HUB = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-hub/providers/Microsoft.EventHub/namespaces/ns1/eventhubs/telemetry";

function byType(resources: RecordedResource[], type: string): RecordedResource {
    const r = resources.filter((x) => x.type === type);
    assert.equal(r.length, 1, type);
    return r[0];
}

test("AdxDatabase: new cluster with managed identity, database periods, Event Hub -> Bronze data connection with receiver role", async () => {
    const { resources, result } = await synth(
        () => {
            const adx = new AdxDatabase("plant1", {
                cluster: { name: "plant1adx", resourceGroupName: "rg-plant1", location: "westeurope", publicNetworkAccess: "Disabled" },
                databaseName: "plant1",
                hotCachePeriodDays: 7,
                eventHub: { eventHubResourceId: HUB, consumerGroup: "adx" },
            });
            return pulumi.all({ uri: adx.queryServiceUri, db: adx.databaseName, ingest: adx.ingestionServiceUri });
        },
        {
            outputs: (type) =>
                type === "azure-native:kusto:Cluster"
                    ? { uri: "https://plant1adx.westeurope.kusto.windows.net", dataIngestionUri: "https://ingest-plant1adx.westeurope.kusto.windows.net", identity: { type: "SystemAssigned", principalId: "pppppppp-0000-0000-0000-000000000001" } }
                    : {},
        },
    );
    const component = byType(resources, "edge-fabric:cloud:AdxDatabase");
    const cluster = byType(resources, "azure-native:kusto:Cluster");
    assert.equal(cluster.parent, component.urn);
    assert.deepEqual(cluster.inputs.identity, { type: "SystemAssigned" });
    assert.deepEqual(cluster.inputs.sku, { name: "Standard_E2ads_v5", tier: "Standard", capacity: 2 });
    assert.equal(cluster.inputs.publicNetworkAccess, "Disabled");
    assert.equal(cluster.inputs.enableDiskEncryption, true);
    const db = byType(resources, "azure-native:kusto:ReadWriteDatabase");
    assert.equal(db.inputs.kind, "ReadWrite");
    assert.equal(db.inputs.databaseName, "plant1");
    assert.equal(db.inputs.resourceGroupName, "rg-plant1");
    assert.equal(db.inputs.softDeletePeriod, "P365D");
    assert.equal(db.inputs.hotCachePeriod, "P7D");
    const role = byType(resources, "azure-native:authorization:RoleAssignment");
    assert.equal(role.inputs.principalId, "pppppppp-0000-0000-0000-000000000001");
    assert.equal(role.inputs.roleDefinitionId, "/subscriptions/00000000-0000-0000-0000-0000000000aa/providers/Microsoft.Authorization/roleDefinitions/a638d3c7-ab3a-418d-83e6-5f17a39d4fde");
    assert.equal(role.inputs.scope, HUB);
    const conn = byType(resources, "azure-native:kusto:EventHubDataConnection");
    assert.equal(conn.inputs.kind, "EventHub");
    assert.equal(conn.inputs.tableName, "Bronze");
    assert.equal(conn.inputs.mappingRuleName, "bronze_mapping");
    assert.equal(conn.inputs.dataFormat, "JSON");
    assert.equal(conn.inputs.consumerGroup, "adx");
    assert.equal(conn.inputs.databaseName, "plant1");
    assert.equal(conn.inputs.managedIdentityResourceId, "plant1-cluster-id");
    assert.ok(conn.dependencies.includes(role.urn), "the connection waits for the role");
    assert.ok(conn.dependencies.includes(db.urn));
    assert.deepEqual(await value(result), { uri: "https://plant1adx.westeurope.kusto.windows.net", db: "plant1", ingest: "https://ingest-plant1adx.westeurope.kusto.windows.net" });
});
