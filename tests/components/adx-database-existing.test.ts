import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import { value } from "./output-value";
import { AdxDatabase, validateAdxDatabaseArgs } from "../../components/cloud/adx-database";
import { formatProblem } from "../../components/validation";

const CLUSTER = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg-shared/providers/Microsoft.Kusto/clusters/sharedadx";

test("AdxDatabase: adopts an existing cluster by id and creates only the database", async () => {
    const { resources, result } = await synth(() => {
        const adx = new AdxDatabase("plant3", { existingCluster: { id: CLUSTER, uri: "https://sharedadx.northeurope.kusto.windows.net" }, databaseName: "plant3" });
        return pulumi.all({ uri: adx.queryServiceUri, ingest: adx.ingestionServiceUri, db: adx.databaseName, cluster: adx.clusterId });
    });
    assert.equal(resources.filter((r) => r.type === "azure-native:kusto:Cluster").length, 0);
    const db = resources.find((r) => r.type === "azure-native:kusto:ReadWriteDatabase");
    assert.equal(db?.inputs.clusterName, "sharedadx");
    assert.equal(db?.inputs.resourceGroupName, "rg-shared");
    assert.equal(resources.filter((r) => r.type === "azure-native:kusto:EventHubDataConnection").length, 0);
    assert.deepEqual(await value(result), { uri: "https://sharedadx.northeurope.kusto.windows.net", ingest: "https://ingest-sharedadx.northeurope.kusto.windows.net", db: "plant3", cluster: CLUSTER });
});

test("AdxDatabase args are validated up front", () => {
    assert.deepEqual(validateAdxDatabaseArgs({ existingCluster: { id: CLUSTER, uri: "https://x" } }), []);
    assert.deepEqual(
        validateAdxDatabaseArgs({
            existingCluster: { id: "/subscriptions/x/clusters/y", uri: "https://x" },
            hotCachePeriodDays: 400,
            eventHub: { eventHubResourceId: "hub", consumerGroup: "adx" },
        }).map(formatProblem),
        [
            'existingCluster.id: must be /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Kusto/clusters/<name>, got "/subscriptions/x/clusters/y"',
            "hotCachePeriodDays: (400) must not exceed softDeletePeriodDays (365)",
            'eventHub.eventHubResourceId: must be an event hub ARM id (/subscriptions/.../providers/Microsoft.EventHub/namespaces/<ns>/eventhubs/<hub>), got "hub"',
            "eventHub.grantReceiverRole: needs existingCluster.principalId (the default is true): the cluster identity must be allowed to read the hub; give the principal or set grantReceiverRole: false",
        ],
    );
    assert.deepEqual(validateAdxDatabaseArgs({ cluster: { name: "Bad_Name", resourceGroupName: "rg", publicNetworkAccess: "Enabled" } }).map(formatProblem), ['cluster.name: must be 4-22 lowercase letters and digits starting with a letter, got "Bad_Name"']);
    assert.throws(() => new AdxDatabase("x", {}), /AdxDatabase x: exactly one of cluster/);
});
