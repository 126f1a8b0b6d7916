import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import { value } from "./output-value";
import type { RecordedResource } from "../../cli/synth";
import { Eventhouse } from "../../components";
import { withEnv } from "../env";

const WS = "11111111-2222-3333-4444-555555555555";
const TYPES = {
    workspace: "pulumi-nodejs:dynamic/fabric:Workspace",
    eventhouse: "pulumi-nodejs:dynamic/fabric:Eventhouse",
    database: "pulumi-nodejs:dynamic/fabric:KqlDatabase",
    eventstream: "pulumi-nodejs:dynamic/fabric:Eventstream",
};

/** What the dynamic providers would answer: ids and URIs the real create returns. */
function outputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    switch (type) {
        case TYPES.workspace:
            return { workspaceId: "99999999-0000-0000-0000-000000000001" };
        case TYPES.eventhouse:
            return { itemId: `${name}-item`, queryServiceUri: "https://trd-abc.z0.kusto.fabric.microsoft.com", ingestionServiceUri: "https://ingest-trd-abc.z0.kusto.fabric.microsoft.com", databaseIds: [] };
        case TYPES.database:
            return { itemId: `${name}-item`, databaseName: inputs.displayName, adopted: true };
        case TYPES.eventstream:
            return { itemId: `${name}-item` };
        default:
            return {};
    }
}

function one(resources: RecordedResource[], type: string): RecordedResource {
    const found = resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

class Schema extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:Schema", name, {});
    }
}

const SENTINEL = "sentinel-token-must-not-leak";

test("Eventhouse component: adopts a workspace, adopts the default database, optional Eventstream into Bronze, no token in state", () =>
    withEnv({ EDGE_FABRIC_FABRIC_TOKEN: SENTINEL }, async () => {
        const { resources, result } = await synth(
            () => {
                const schema = new Schema("schema");
                const eh = new Eventhouse("plant1", {
                    workspaceId: WS,
                    minimumConsumptionUnits: 2.25,
                    cachingPeriodDays: 31,
                    eventstream: { eventHubConnectionId: "7b8187ad-4d58-4dc9-a953-4f6ac3636bef", consumerGroup: "fabric", dependsOn: [schema] },
                });
                return pulumi.all({ queryServiceUri: eh.queryServiceUri, databaseName: eh.databaseName, databaseId: eh.databaseId, workspaceId: eh.workspaceId, ingest: eh.ingestionServiceUri, es: eh.eventstreamId });
            },
            { outputs },
        );
        const component = one(resources, "edge-fabric:cloud:Eventhouse");
        assert.equal(resources.filter((r) => r.type === TYPES.workspace).length, 0, "an adopted workspace creates nothing");
        const eventhouse = one(resources, TYPES.eventhouse);
        const database = one(resources, TYPES.database);
        const eventstream = one(resources, TYPES.eventstream);
        for (const r of [eventhouse, database, eventstream]) {
            assert.equal(r.parent, component.urn);
            assert.equal(r.inputs.workspaceId, WS);
            assert.equal(r.inputs.hardDelete, false);
            assert.equal(typeof r.inputs.__provider, "string");
            assert.equal(String(r.inputs.__provider).includes(SENTINEL), false, "token never serialized");
            assert.equal(Object.keys(r.inputs).some((k) => /token|secret|key/i.test(k)), false);
        }
        assert.equal(eventhouse.inputs.displayName, "plant1");
        assert.equal(eventhouse.inputs.minimumConsumptionUnits, 2.25);
        assert.equal(database.inputs.displayName, "plant1", "same name as the Eventhouse: its default database");
        assert.equal(database.inputs.parentEventhouseItemId, "plant1-eventhouse-item");
        assert.equal(database.inputs.cachingPeriodDays, 31);
        assert.ok(database.dependencies.includes(eventhouse.urn));
        assert.equal(eventstream.inputs.tableName, "Bronze");
        assert.equal(eventstream.inputs.mappingName, "bronze_mapping");
        assert.equal(eventstream.inputs.consumerGroup, "fabric");
        assert.equal(eventstream.inputs.displayName, "plant1-ingest");
        assert.equal(eventstream.inputs.databaseItemId, "plant1-database-item");
        assert.ok(eventstream.dependencies.some((u) => u.endsWith("::schema")), "waits for the Bronze schema");
        assert.deepEqual(await value(result), {
            queryServiceUri: "https://trd-abc.z0.kusto.fabric.microsoft.com",
            databaseName: "plant1",
            databaseId: "plant1-database-item",
            workspaceId: WS,
            ingest: "https://ingest-trd-abc.z0.kusto.fabric.microsoft.com",
            es: "plant1-eventstream-item",
        });
    }),
);
