import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { connectionProvider, connectionResourceInputs, credentialFingerprint, eventstreamProvider, eventstreamSourceConnectionProvider, managedPrivateEndpointProvider, FabricApiError } from "../../providers/fabric";
import type { ConnectionInputs, EventstreamInputs, ManagedPrivateEndpointInputs } from "../../providers/fabric";
import { fabricFakeForTests } from "../fakes/fabric-fake";

const { fake, base: baseUrl, stats, options } = fabricFakeForTests();
const connections = connectionProvider(options);
const endpoints = managedPrivateEndpointProvider(options);
const eventstreams = eventstreamProvider(options);
const sourceConnections = eventstreamSourceConnectionProvider(options);
const KEY = "c2VjcmV0LWtleS1vZi10aGUtbGlzdGVuLXJ1bGU=";

/** A response body of an example kept in `specs/fabric/platform/examples/<folder>`. */
function exampleBody(folder: string, name: string, status: string): Record<string, unknown> {
    const path = join(__dirname, "..", "..", "..", "specs", "fabric", "platform", "examples", folder, `${name}.json`);
    return (JSON.parse(readFileSync(path, "utf8")) as { responses: Record<string, { body: Record<string, unknown> }> }).responses[status].body;
}

/** The fields (and nested fields) of an example body that `actual` must also have. */
function sameShape(actual: unknown, example: unknown, path = "body"): void {
    if (example && typeof example === "object" && !Array.isArray(example)) {
        assert.ok(actual && typeof actual === "object", `${path} is an object, as in the spec's example`);
        for (const [k, v] of Object.entries(example)) {
            sameShape((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
        }
    } else {
        assert.notEqual(actual, undefined, `${path} is present, as in the spec's example`);
    }
}

function connectionInputs(extra: Partial<ConnectionInputs> = {}): ConnectionInputs {
    return {
        apiBaseUrl: baseUrl(),
        displayName: `site01-telemetry-${Math.random().toString(36).slice(2, 8)}`,
        connectionType: "EventHub",
        creationMethod: "EventHub.Contents",
        parameters: [
            { name: "endpoint", value: "ef-site01.servicebus.windows.net" },
            { name: "entityPath", value: "telemetry" },
        ],
        credentialType: "Basic",
        username: "fabric-listen",
        secret: KEY,
        privacyLevel: "Organizational",
        skipTestConnection: false,
        ...extra,
    };
}

function mpeInputs(workspaceId: string, extra: Partial<ManagedPrivateEndpointInputs> = {}): ManagedPrivateEndpointInputs {
    return {
        apiBaseUrl: baseUrl(),
        workspaceId,
        name: "ef-site01-namespace",
        targetPrivateLinkResourceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ef-site01",
        targetSubresourceType: "namespace",
        requestMessage: "Eventstream of site01",
        ...extra,
    };
}

test("Connection: create posts a ShareableCloud connection with the key, and the outputs hold only its fingerprint", async () => {
    const inputs = connectionInputs();
    const { id, outs } = await connections.create(inputs);
    const stored = fake.connections.get(id);
    assert.ok(stored, "created in the fake");
    assert.equal(stored.connectivityType, "ShareableCloud");
    assert.deepEqual(stored.connectionDetails, { type: "EventHub", creationMethod: "EventHub.Contents", parameters: inputs.parameters.map((p) => ({ dataType: "Text", ...p })) });
    assert.deepEqual(stored.credentialDetails.credentials, { credentialType: "Basic", username: "fabric-listen", password: KEY });
    assert.equal(outs.connectionId, id);
    assert.equal(outs.credentialFingerprint, credentialFingerprint(inputs));
    assert.ok(!JSON.stringify(outs).includes(KEY), "the key is not in the outputs");
    assert.ok(!("secret" in outs));
    // a refresh cannot recover the key either: the service does not return it
    const read = await connections.read(id, outs);
    assert.ok(!JSON.stringify(read).includes(KEY));
    assert.equal(read.props?.credentialFingerprint, outs.credentialFingerprint);
    assert.equal(read.props?.displayName, inputs.displayName);
});

test("Connection and managed private endpoint: the fake answers with every field of the spec's examples", async () => {
    await connections.create(connectionInputs());
    const connection = [...fake.connections.values()].at(-1);
    const get = await fetch(`${baseUrl()}/connections/${connection?.id}`, { headers: { authorization: `Bearer ${fake.token}` } });
    const body = (await get.json()) as Record<string, unknown>;
    sameShape(body, exampleBody("connections", "GetConnection", "200"));
    assert.ok(!JSON.stringify(body).includes(KEY), "a GET never returns the credential");
    const ws = fake.addWorkspace();
    const { outs } = await endpoints.create(mpeInputs(ws, { name: "shape" }));
    const mpe = await fetch(`${baseUrl()}/workspaces/${ws}/managedPrivateEndpoints/${outs.managedPrivateEndpointId}`, { headers: { authorization: `Bearer ${fake.token}` } });
    fake.approve(outs.managedPrivateEndpointId);
    const approved = await fetch(`${baseUrl()}/workspaces/${ws}/managedPrivateEndpoints/${outs.managedPrivateEndpointId}`, { headers: { authorization: `Bearer ${fake.token}` } });
    sameShape(await approved.json(), exampleBody("managedPrivateEndpoint", "GetManagedPrivateEndpoint", "200"));
    assert.equal(((await mpe.json()) as { connectionState: { status: string } }).connectionState.status, "Pending");
});

test("Connection: the resource hands the engine the key as a secret, so state stores it encrypted", async () => {
    const props = connectionResourceInputs({ displayName: "c", connectionType: "EventHub", creationMethod: "EventHub.Contents", parameters: [], credentialType: "Basic", username: "u", secret: KEY });
    assert.ok(pulumi.Output.isInstance(props.secret));
    assert.equal(await pulumi.isSecret(props.secret as pulumi.Output<string>), true);
    assert.equal(props.credentialFingerprint, undefined, "an output the provider fills");
});

test("Connection: a rotated key is a change, patched in place with the new credential; a new hub is a replacement", async () => {
    const inputs = connectionInputs();
    const { id, outs } = await connections.create(inputs);
    const rotated = { ...inputs, secret: "bmV3LWtleQ==" };
    assert.deepEqual(await connections.diff(id, outs, rotated), { changes: true, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(await connections.diff(id, outs, inputs), { changes: false, replaces: [], deleteBeforeReplace: false });
    const { outs: after } = await connections.update(id, outs, rotated);
    const patch = fake.requests.filter((r) => r.method === "PATCH" && r.path === `/connections/${id}`).at(-1);
    assert.deepEqual((patch?.body as { credentialDetails: { credentials: unknown } }).credentialDetails.credentials, { credentialType: "Basic", username: "fabric-listen", password: "bmV3LWtleQ==" });
    assert.equal(fake.connections.get(id)?.credentialDetails.credentials.password, "bmV3LWtleQ==");
    assert.notEqual(after.credentialFingerprint, outs.credentialFingerprint);
    assert.ok(!JSON.stringify(after).includes("bmV3LWtleQ=="));
    const otherHub = { ...inputs, parameters: [inputs.parameters[0], { name: "entityPath", value: "other" }] };
    assert.deepEqual(await connections.diff(id, outs, otherHub), { changes: true, replaces: ["parameters"], deleteBeforeReplace: true });
});

test("Connection: a rename alone patches the name without resending the credential", async () => {
    const inputs = connectionInputs();
    const { id, outs } = await connections.create(inputs);
    await connections.update(id, outs, { ...inputs, displayName: `${inputs.displayName}-renamed` });
    const patch = fake.requests.filter((r) => r.method === "PATCH" && r.path === `/connections/${id}`).at(-1);
    assert.deepEqual(patch?.body, { connectivityType: "ShareableCloud", displayName: `${inputs.displayName}-renamed` });
});

test("Connection: delete removes it and tolerates one already gone", async () => {
    const { id, outs } = await connections.create(connectionInputs());
    await connections.delete(id, outs);
    assert.equal(fake.connections.has(id), false);
    await connections.delete(id, outs);
    assert.deepEqual(await connections.read(id, outs), {});
});

test("Connection: a 202 answer is followed to the operation's result", async () => {
    fake.lro.enabled = true;
    try {
        const before = stats.operationPolls;
        const { id } = await connections.create(connectionInputs());
        assert.ok(fake.connections.has(id));
        assert.ok(stats.operationPolls > before, "the operation was polled");
    } finally {
        fake.lro.enabled = false;
    }
});

test("Connection: 429 is retried after Retry-After", async () => {
    const throttled = stats.throttled;
    fake.inject({ method: "POST", path: /^\/connections$/, status: 429, headers: { "Retry-After": "7" }, body: { errorCode: "TooManyRequests", message: "slow down" } });
    const { id } = await connections.create(connectionInputs());
    assert.ok(fake.connections.has(id));
    assert.equal(stats.throttled, throttled + 1);
    assert.ok(stats.waits.some((w) => w.reason === "throttled" && w.requestedMs === 7000));
});

test("Connection: a taken name and refused details fail with the fix, the request id, and never the key", async () => {
    const inputs = connectionInputs();
    await connections.create(inputs);
    await assert.rejects(connections.create(inputs), (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        assert.equal(err.status, 409);
        assert.match(err.message, /DuplicateConnectionName/);
        assert.match(err.message, /choose another displayName/);
        assert.match(err.message, /requestId: [0-9a-f-]{36}/);
        assert.ok(!err.message.includes(KEY));
        return true;
    });
    await assert.rejects(connections.create(connectionInputs({ creationMethod: "" })), /supportedConnectionTypes/);
});

test("Connection: an error that echoes the request body (on create and on a key rotation) never carries the key", async () => {
    const echo = (status: number) => ({ status, body: { errorCode: "InvalidCredentialDetails", message: `credentials {"username":"fabric-listen","password":"${KEY}"} were refused`, moreDetails: [{ errorCode: "Echo", message: `password=${KEY}` }] } });
    const refused = (err: unknown) => {
        assert.ok(err instanceof FabricApiError);
        for (const text of [err.message, err.stack ?? "", err.serviceMessage]) {
            assert.ok(!text.includes(KEY), "the key is not in the error");
        }
        assert.match(err.message, /"password":"\[redacted\]"/);
        assert.match(err.message, /check the key/);
        return true;
    };
    fake.inject({ method: "POST", path: /^\/connections$/, ...echo(400) });
    await assert.rejects(connections.create(connectionInputs()), refused);
    const inputs = connectionInputs({ secret: "b2xkLWtleS1vZi10aGUtbGlzdGVuLXJ1bGU=" });
    const { id, outs } = await connections.create(inputs);
    fake.inject({ method: "PATCH", path: /^\/connections\//, ...echo(400) });
    await assert.rejects(connections.update(id, outs, { ...inputs, secret: KEY }), refused);
});

test("Connection: check names each bad field, without quoting the secret", async () => {
    const { failures } = await connections.check(connectionInputs(), connectionInputs({ displayName: "", credentialType: "Basic", username: undefined, secret: "", parameters: [{ name: "", value: "x" }] }));
    assert.deepEqual(failures.map((f) => f.property).sort(), ["displayName", "parameters[0]", "secret", "username"]);
    assert.ok(!JSON.stringify(failures).includes(KEY));
});

test("Managed private endpoint: create answers Pending until the namespace owner approves; read shows Approved", async () => {
    const ws = fake.addWorkspace();
    const { id, outs } = await endpoints.create(mpeInputs(ws));
    assert.equal(id, `${ws}/${outs.managedPrivateEndpointId}`);
    assert.equal(outs.connectionStatus, "Pending");
    const create = fake.requests.find((r) => r.method === "POST" && r.path === `/workspaces/${ws}/managedPrivateEndpoints`);
    assert.deepEqual(create?.body, { name: "ef-site01-namespace", targetPrivateLinkResourceId: mpeInputs(ws).targetPrivateLinkResourceId, targetSubresourceType: "namespace", requestMessage: "Eventstream of site01" });
    fake.approve(outs.managedPrivateEndpointId);
    const read = await endpoints.read(id, outs);
    assert.equal(read.props?.connectionStatus, "Approved");
    assert.equal(read.props?.provisioningState, "Succeeded");
    assert.equal(read.inputs?.requestMessage, "Eventstream of site01", "kept from state: the service does not return it");
});

test("Managed private endpoint: every input change is a replacement; delete tolerates a gone endpoint", async () => {
    const ws = fake.addWorkspace();
    const { id, outs } = await endpoints.create(mpeInputs(ws));
    assert.deepEqual(await endpoints.diff(id, outs, mpeInputs(ws)), { changes: false, replaces: [], deleteBeforeReplace: false });
    assert.deepEqual(await endpoints.diff(id, outs, mpeInputs(ws, { targetSubresourceType: "blob" })), { changes: true, replaces: ["targetSubresourceType"], deleteBeforeReplace: true });
    await endpoints.delete(id, outs);
    assert.equal(fake.managedPrivateEndpoints.size > 0 && fake.managedPrivateEndpoints.has(outs.managedPrivateEndpointId), false);
    await endpoints.delete(id, outs);
    assert.deepEqual(await endpoints.read(id, outs), {});
});

test("Managed private endpoint: 429 is retried; a refused create says who may create one", async () => {
    const ws = fake.addWorkspace();
    fake.inject({ method: "POST", path: /managedPrivateEndpoints$/, status: 429, headers: { "Retry-After": "3" }, body: { errorCode: "TooManyRequests", message: "slow down" } });
    const { outs } = await endpoints.create(mpeInputs(ws, { name: "retried" }));
    assert.ok(fake.managedPrivateEndpoints.has(outs.managedPrivateEndpointId));
    fake.inject({ method: "POST", path: /managedPrivateEndpoints$/, status: 403, body: { errorCode: "InsufficientPrivileges", message: "The caller is not a workspace admin" } });
    await assert.rejects(endpoints.create(mpeInputs(ws, { name: "refused" })), /workspace Admin role and a workspace on an F SKU or trial capacity/);
});

test("Managed private endpoint: check names bad ids and lengths", async () => {
    const { failures } = await endpoints.check(mpeInputs("x"), mpeInputs("not-a-guid", { name: "n".repeat(65), targetPrivateLinkResourceId: "ef-site01", requestMessage: "m".repeat(141), targetSubresourceType: "" }));
    assert.deepEqual(failures.map((f) => f.property).sort(), ["name", "requestMessage", "targetPrivateLinkResourceId", "targetSubresourceType", "workspaceId"]);
});

function customEndpointStream(workspaceId: string): EventstreamInputs {
    return { apiBaseUrl: baseUrl(), workspaceId, displayName: "site01-hot", description: "", hardDelete: false, sourceKind: "CustomEndpoint", databaseItemId: "6e335e92-a2a2-4b5a-970a-bd6a89fbb765", tableName: "Bronze", mappingName: "bronze_mapping" };
}

test("Eventstream custom endpoint: the definition's source is a CustomEndpoint with no connection; read gives the same inputs back", async () => {
    const ws = fake.addWorkspace();
    const inputs = customEndpointStream(ws);
    const { id, outs } = await eventstreams.create(inputs);
    const part = fake.items.get(outs.itemId)?.definition?.find((p) => p.path === "eventstream.json");
    const topology = JSON.parse(Buffer.from(part?.payload ?? "", "base64").toString("utf8")) as { sources: unknown[]; streams: { inputNodes: unknown[] }[] };
    assert.deepEqual(topology.sources, [{ name: "EdgeCustomEndpoint", type: "CustomEndpoint", properties: {} }]);
    assert.deepEqual(topology.streams[0].inputNodes, [{ name: "EdgeCustomEndpoint" }]);
    assert.deepEqual((await eventstreams.read(id, outs)).inputs, inputs);
    const { failures } = await eventstreams.check(inputs, { ...inputs, consumerGroup: "eventhouse" });
    assert.deepEqual(failures.map((f) => f.property), ["consumerGroup"]);
});

test("Eventstream source connection: the custom endpoint's bootstrap server (port 9093) and es_ topic, without the SAS keys the service also returns", async () => {
    const ws = fake.addWorkspace();
    const stream = await eventstreams.create(customEndpointStream(ws));
    const { id, outs } = await sourceConnections.create({ apiBaseUrl: baseUrl(), workspaceId: ws, eventstreamId: stream.outs.itemId, sourceName: "EdgeCustomEndpoint" });
    assert.equal(id, `${ws}/${stream.outs.itemId}/EdgeCustomEndpoint`);
    assert.equal(outs.bootstrapServer, `eventstream-${stream.outs.itemId.slice(0, 8)}.servicebus.windows.net:9093`);
    assert.equal(outs.topic, `es_${stream.outs.itemId}`);
    const key = Buffer.from(`key-of-${stream.outs.itemId}`).toString("base64");
    assert.ok(!JSON.stringify(outs).includes(key), "the endpoint's SAS keys are not kept");
    assert.ok(!JSON.stringify(outs).includes("SharedAccessKey"));
    const read = await sourceConnections.read(id, outs);
    assert.equal(read.props?.topic, outs.topic);
});

test("Eventstream source connection: an Event Hub source has no Kafka address for the edge; a missing source names the ones there", async () => {
    const ws = fake.addWorkspace();
    const stream = await eventstreams.create({ ...customEndpointStream(ws), sourceKind: undefined, eventHubConnectionId: "7b8187ad-4d58-4dc9-a953-4f6ac3636bef", consumerGroup: "eventhouse" });
    await assert.rejects(sourceConnections.create({ apiBaseUrl: baseUrl(), workspaceId: ws, eventstreamId: stream.outs.itemId, sourceName: "EventHubSource" }), /is AzureEventHub; only a CustomEndpoint source/);
    await assert.rejects(sourceConnections.create({ apiBaseUrl: baseUrl(), workspaceId: ws, eventstreamId: stream.outs.itemId, sourceName: "EdgeCustomEndpoint" }), /no source named "EdgeCustomEndpoint" \(sources: EventHubSource \(AzureEventHub\)\)/);
});
