import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { eventhouseProvider, eventstreamProvider, kqlDatabaseProvider, workspaceProvider, newFabricStats, FabricApiError } from "../../providers/fabric";
import type { EventhouseInputs, EventhouseOutputs, EventstreamInputs, KqlDatabaseInputs, WorkspaceInputs } from "../../providers/fabric";
import { FabricFake } from "../fakes/fabric-fake";

const fake = new FabricFake();
let base = "";
const stats = newFabricStats();
before(async () => {
    base = await fake.start();
});
after(() => fake.stop());

const options = { token: fake.token, delayScale: 0, stats };
const eventhouses = eventhouseProvider(options);
const databases = kqlDatabaseProvider(options);
const eventstreams = eventstreamProvider(options);
const workspaces = workspaceProvider(options);

function eventhouseInputs(workspaceId: string, extra: Partial<EventhouseInputs> = {}): EventhouseInputs {
    return { apiBaseUrl: base, workspaceId, displayName: "plant1", description: "", hardDelete: false, minimumConsumptionUnits: 0, ...extra };
}

function decoded(parts: { path: string; payload: string }[] | undefined, path: string): Record<string, unknown> {
    const part = parts?.find((p) => p.path === path);
    assert.ok(part, `part ${path}`);
    return JSON.parse(Buffer.from(part.payload, "base64").toString("utf8")) as Record<string, unknown>;
}

test("Eventhouse: create returns <workspaceId>/<itemId> and the service URIs and database ids", async () => {
    const ws = fake.addWorkspace();
    const { id, outs } = await eventhouses.create(eventhouseInputs(ws, { minimumConsumptionUnits: 2.25 }));
    assert.equal(id, `${ws}/${outs.itemId}`);
    assert.match(outs.queryServiceUri, /^https:\/\/trd-[0-9a-f]{8}\.z0\.kusto\.fabric\.microsoft\.com$/);
    assert.match(outs.ingestionServiceUri, /^https:\/\/ingest-trd-/);
    assert.equal(outs.databaseIds.length, 1, "the default database");
    assert.equal(fake.items.get(outs.itemId)?.properties?.minimumConsumptionUnits, 2.25);
    const create = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/eventhouses`);
    assert.deepEqual(create?.body, { displayName: "plant1", description: "", creationPayload: { minimumConsumptionUnits: 2.25 } });
});

test("Eventhouse: diff replaces on minimumConsumptionUnits (delete first when the name stays), updates on name/description", async () => {
    const olds = { ...eventhouseInputs("00000000-0000-0000-0000-000000000001"), itemId: "x", adopted: false, queryServiceUri: "", ingestionServiceUri: "", databaseIds: [] } as EventhouseOutputs;
    const units = await eventhouses.diff("id", olds, { ...olds, minimumConsumptionUnits: 4.25 });
    assert.deepEqual(units, { changes: true, replaces: ["minimumConsumptionUnits"], deleteBeforeReplace: true });
    const ws = await eventhouses.diff("id", olds, { ...olds, workspaceId: "00000000-0000-0000-0000-000000000002", displayName: "other" });
    assert.deepEqual(ws, { changes: true, replaces: ["workspaceId"], deleteBeforeReplace: false });
    const rename = await eventhouses.diff("id", olds, { ...olds, displayName: "renamed", description: "d" });
    assert.deepEqual(rename, { changes: true, replaces: [], deleteBeforeReplace: false });
    const none = await eventhouses.diff("id", olds, eventhouseInputs("00000000-0000-0000-0000-000000000001"));
    assert.equal(none?.changes, false);
});

test("Eventhouse: check names the prop and the rule", async () => {
    const res = await eventhouses.check({} as EventhouseInputs, eventhouseInputs("not-a-guid", { minimumConsumptionUnits: 3 }));
    assert.deepEqual(res?.failures.map((f) => f.property).sort(), ["minimumConsumptionUnits", "workspaceId"]);
    assert.match(res?.failures.find((f) => f.property === "minimumConsumptionUnits")?.reason ?? "", /0, 2.25, 4.25, 8.5, 13, 18, 26, 34, 50 or a number from 51 to 322, got 3/);
});

test("Eventhouse: update PATCHes name and description; read refreshes; delete soft or hard; read after delete is gone", async () => {
    const ws = fake.addWorkspace();
    const created = await eventhouses.create(eventhouseInputs(ws, { displayName: "eh-upd" }));
    const news = eventhouseInputs(ws, { displayName: "eh-renamed", description: "Plant 1 telemetry", hardDelete: true });
    const updated = await eventhouses.update(created.id, created.outs, news);
    assert.equal(updated?.outs?.displayName, "eh-renamed");
    const patch = fake.requests.filter((r) => r.method === "PATCH").at(-1);
    assert.deepEqual(patch?.body, { displayName: "eh-renamed", description: "Plant 1 telemetry" });
    assert.equal(fake.items.get(created.outs.itemId)?.displayName, "eh-renamed");

    const read = await eventhouses.read(created.id, updated?.outs);
    assert.equal(read?.id, created.id);
    assert.equal(read?.props?.description, "Plant 1 telemetry");
    assert.equal(read?.props?.hardDelete, true);

    await eventhouses.delete(created.id, updated?.outs);
    const del = fake.requests.filter((r) => r.method === "DELETE").at(-1);
    assert.equal(del?.query.hardDelete, "true");
    assert.deepEqual(await eventhouses.read(created.id, updated?.outs), {});
    await eventhouses.delete(created.id, updated?.outs); // already gone: no error
});

test("Eventhouse: import by <workspaceId>/<itemId> reads inputs that match the live item", async () => {
    const ws = fake.addWorkspace();
    const created = await eventhouses.create(eventhouseInputs(ws, { displayName: "eh-import", minimumConsumptionUnits: 8.5 }));
    const read = await eventhouses.read(`${ws}/${created.outs.itemId}`, { apiBaseUrl: base } as EventhouseOutputs);
    assert.deepEqual(read?.inputs, eventhouseInputs(ws, { displayName: "eh-import", minimumConsumptionUnits: 8.5 }));
    assert.equal(read?.props?.queryServiceUri, created.outs.queryServiceUri);
    await assert.rejects(async () => eventhouses.read("plant1", {} as EventhouseOutputs), /is not <workspaceId>\/<itemId>/);
});

test("Eventhouse: ItemDisplayNameAlreadyInUse is not retried and tells how to adopt the existing item", async () => {
    const ws = fake.addWorkspace();
    const first = await eventhouses.create(eventhouseInputs(ws, { displayName: "taken" }));
    const before = fake.count("POST", new RegExp(`^/workspaces/${ws}/eventhouses$`));
    await assert.rejects(eventhouses.create(eventhouseInputs(ws, { displayName: "taken" })), (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        assert.equal(err.errorCode, "ItemDisplayNameAlreadyInUse");
        assert.ok(err.requestId);
        assert.ok(err.message.includes(`{ import: "${ws}/${first.outs.itemId}" }`), err.message);
        return true;
    });
    assert.equal(fake.count("POST", new RegExp(`^/workspaces/${ws}/eventhouses$`)) - before, 1, "one POST, no retry");
});

test("Eventhouse: create through a long-running operation", async () => {
    const ws = fake.addWorkspace();
    fake.lro = { enabled: true, retryAfterSeconds: 5, pollsBeforeDone: 2, states: ["NotStarted", "Running"] };
    try {
        const polls = stats.operationPolls;
        const { outs } = await eventhouses.create(eventhouseInputs(ws, { displayName: "eh-lro" }));
        assert.ok(fake.items.has(outs.itemId));
        assert.ok(outs.queryServiceUri.startsWith("https://trd-"));
        assert.equal(stats.operationPolls - polls, 3);
    } finally {
        fake.lro.enabled = false;
    }
});

function databaseInputs(ws: string, parent: string, extra: Partial<KqlDatabaseInputs> = {}): KqlDatabaseInputs {
    return { apiBaseUrl: base, workspaceId: ws, displayName: "plant1", description: "", hardDelete: false, parentEventhouseItemId: parent, ...extra };
}

test("KQL database: the Eventhouse's default database is adopted, and the OneLake periods applied to it", async () => {
    const ws = fake.addWorkspace();
    const eh = await eventhouses.create(eventhouseInputs(ws, { displayName: "plant1" }));
    const { id, outs } = await databases.create(databaseInputs(ws, eh.outs.itemId, { cachingPeriodDays: 7, standardStoragePeriodDays: 365 }));
    assert.equal(outs.adopted, true);
    assert.equal(outs.itemId, eh.outs.databaseIds[0]);
    assert.equal(id, `${ws}/${eh.outs.databaseIds[0]}`);
    assert.equal(outs.databaseName, "plant1");
    assert.equal(outs.queryServiceUri, eh.outs.queryServiceUri);
    const props = decoded(fake.items.get(outs.itemId)?.definition, "DatabaseProperties.json");
    assert.deepEqual(props, { databaseType: "ReadWrite", parentEventhouseItemId: eh.outs.itemId, oneLakeCachingPeriod: "P7D", oneLakeStandardStoragePeriod: "P365D" });
    assert.equal([...fake.items.values()].filter((i) => i.type === "KQLDatabase" && i.workspaceId === ws).length, 1);
});

test("KQL database: a new database is created with DatabaseProperties.json; refresh reads the periods back; a period change is updateDefinition", async () => {
    const ws = fake.addWorkspace();
    const eh = await eventhouses.create(eventhouseInputs(ws, { displayName: "eh2" }));
    const inputs = databaseInputs(ws, eh.outs.itemId, { displayName: "telemetry", cachingPeriodDays: 31 });
    const created = await databases.create(inputs);
    assert.equal(created.outs.adopted, false);
    const post = fake.requests.filter((r) => r.method === "POST" && r.path === `/workspaces/${ws}/kqlDatabases`).at(-1);
    const body = post?.body as { definition: { parts: { path: string; payload: string; payloadType: string }[] } };
    assert.equal(body.definition.parts[0].payloadType, "InlineBase64");
    assert.deepEqual(decoded(body.definition.parts, "DatabaseProperties.json"), { databaseType: "ReadWrite", parentEventhouseItemId: eh.outs.itemId, oneLakeCachingPeriod: "P31D" });

    const read = await databases.read(created.id, created.outs);
    assert.equal(read?.inputs?.cachingPeriodDays, 31);
    assert.equal(read?.inputs?.parentEventhouseItemId, eh.outs.itemId);

    const diff = await databases.diff(created.id, created.outs, { ...inputs, cachingPeriodDays: 3 });
    assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
    await databases.update(created.id, created.outs, { ...inputs, cachingPeriodDays: 3 });
    assert.equal(decoded(fake.items.get(created.outs.itemId)?.definition, "DatabaseProperties.json").oneLakeCachingPeriod, "P3D");

    const moved = await databases.diff(created.id, created.outs, { ...inputs, parentEventhouseItemId: "00000000-0000-0000-0000-0000000000ee" });
    assert.deepEqual(moved?.replaces, ["parentEventhouseItemId"]);
});

test("KQL database: a same-named database of another Eventhouse is a conflict, not adopted", async () => {
    const ws = fake.addWorkspace();
    const a = await eventhouses.create(eventhouseInputs(ws, { displayName: "shared" }));
    const b = await eventhouses.create(eventhouseInputs(ws, { displayName: "other" }));
    await assert.rejects(databases.create(databaseInputs(ws, b.outs.itemId, { displayName: "shared" })), (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        assert.equal(err.errorCode, "ItemDisplayNameAlreadyInUse");
        assert.ok(err.message.includes(`${ws}/${a.outs.databaseIds[0]}`));
        return true;
    });
});

test("KQL database: read of a deleted database is gone", async () => {
    const ws = fake.addWorkspace();
    const eh = await eventhouses.create(eventhouseInputs(ws, { displayName: "eh3" }));
    const db = await databases.create(databaseInputs(ws, eh.outs.itemId, { displayName: "eh3" }));
    await eventhouses.delete(eh.id, eh.outs);
    assert.deepEqual(await databases.read(db.id, db.outs), {});
});

test("Eventstream: Event Hub source -> default stream -> Bronze with bronze_mapping as eventstream.json; read and update round-trip", async () => {
    const ws = fake.addWorkspace();
    const eh = await eventhouses.create(eventhouseInputs(ws, { displayName: "plant1" }));
    const inputs: EventstreamInputs = {
        apiBaseUrl: base,
        workspaceId: ws,
        displayName: "plant1-ingest",
        description: "",
        hardDelete: false,
        eventHubConnectionId: "7b8187ad-4d58-4dc9-a953-4f6ac3636bef",
        consumerGroup: "fabric",
        databaseItemId: eh.outs.databaseIds[0],
        tableName: "Bronze",
        mappingName: "bronze_mapping",
    };
    const created = await eventstreams.create(inputs);
    const topology = decoded(fake.items.get(created.outs.itemId)?.definition, "eventstream.json") as {
        sources: { type: string; name: string; properties: Record<string, unknown> }[];
        streams: { name: string; type: string; inputNodes: { name: string }[] }[];
        destinations: { type: string; properties: Record<string, unknown>; inputNodes: { name: string }[] }[];
        compatibilityLevel: string;
    };
    assert.equal(topology.sources[0].type, "AzureEventHub");
    assert.deepEqual(topology.sources[0].properties, { dataConnectionId: inputs.eventHubConnectionId, consumerGroupName: "fabric", inputSerialization: { type: "Json", properties: { encoding: "UTF8" } } });
    assert.deepEqual(topology.streams[0], { name: "plant1-ingest-stream", type: "DefaultStream", properties: {}, inputNodes: [{ name: topology.sources[0].name }] });
    assert.equal(topology.destinations[0].type, "Eventhouse");
    assert.deepEqual(topology.destinations[0].inputNodes, [{ name: "plant1-ingest-stream" }]);
    assert.equal(topology.destinations[0].properties.dataIngestionMode, "DirectIngestion");
    assert.equal(topology.destinations[0].properties.itemId, eh.outs.databaseIds[0]);
    assert.equal(topology.destinations[0].properties.tableName, "Bronze");
    assert.equal(topology.destinations[0].properties.mappingRuleName, "bronze_mapping");

    const read = await eventstreams.read(created.id, { apiBaseUrl: base } as never);
    assert.deepEqual(read?.inputs, inputs);

    const diff = await eventstreams.diff(created.id, created.outs, { ...inputs, consumerGroup: "fabric2" });
    assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
    await eventstreams.update(created.id, created.outs, { ...inputs, consumerGroup: "fabric2" });
    const after = decoded(fake.items.get(created.outs.itemId)?.definition, "eventstream.json") as typeof topology;
    assert.equal(after.sources[0].properties.consumerGroupName, "fabric2");
});

test("Workspace: create, rename, reassign capacity, import by id, delete, gone", async () => {
    const [first, second] = [fake.addCapacity("fcfirst"), fake.addCapacity("fcsecond")];
    const inputs: WorkspaceInputs = { apiBaseUrl: base, displayName: "edge-fabric-plant9", description: "", capacityId: first };
    const { id, outs } = await workspaces.create(inputs);
    assert.equal(outs.workspaceId, id);
    assert.equal(fake.workspaces.get(id)?.capacityId, first);
    const news = { ...inputs, displayName: "plant9", capacityId: second };
    assert.equal((await workspaces.diff(id, outs, news))?.replaces?.length, 0);
    await workspaces.update(id, outs, news);
    assert.equal(fake.workspaces.get(id)?.displayName, "plant9");
    assert.equal(fake.workspaces.get(id)?.capacityId, second);
    assert.equal(fake.workspaces.get(id)?.capacityAssignmentProgress, "Completed", "the move was awaited");
    const imported = await workspaces.read(id, { apiBaseUrl: base } as never);
    assert.deepEqual(imported?.inputs, news);
    await assert.rejects(workspaces.create({ ...inputs, displayName: "plant9" }), /pass its id as the Eventhouse component's workspaceId/);
    await workspaces.delete(id, { ...news, workspaceId: id });
    assert.deepEqual(await workspaces.read(id, { ...news, workspaceId: id }), {});
});

test("round trips are counted for the bench", () => {
    assert.ok(stats.requests >= fake.requests.length - 1);
    assert.ok(stats.operationPolls >= 3);
});
