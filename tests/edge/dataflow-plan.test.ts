import { test } from "node:test";
import assert from "node:assert/strict";
import type { DataflowsDescription } from "../../components/edge/dataflow-description";
import { type DataflowsPlan, planDataflows } from "../../components/edge/dataflow-plan";
import { kafkaBootstrapServer } from "../../components/edge/dataflow-validation";
import { ValidationError } from "../../components/validation";
import { CLIENT_ID, TENANT_ID, issuesOf, siteDescription } from "./fixtures";

const API = { version: "2024-11-01", dataflowDiskPersistence: false };

function plan(edit: (d: DataflowsDescription) => void = () => undefined): DataflowsPlan {
    const d = siteDescription();
    edit(d);
    return planDataflows(d, API);
}

/** The issues planDataflows reports for an edited description. */
const issuesOfEdit = (edit: (d: DataflowsDescription) => void): string[] => issuesOf(() => plan(edit));

test("Event Hubs endpoint: namespace/alias expanded to host:9093, TLS on, user-assigned identity, Topic partitioning", () => {
    const ep = plan().endpoints.find((e) => e.name === "event-hubs");
    assert.deepEqual(ep?.properties, {
        endpointType: "Kafka",
        kafkaSettings: {
            host: "ehns-site01-alias.servicebus.windows.net:9093",
            authentication: { method: "UserAssignedManagedIdentity", userAssignedManagedIdentitySettings: { clientId: CLIENT_ID, tenantId: TENANT_ID } },
            tls: { mode: "Enabled" },
            batching: { mode: "Enabled", latencyMs: 100, maxMessages: 1000 },
            compression: "None",
            kafkaAcks: "All",
            partitionStrategy: "Topic",
            copyMqttProperties: "Enabled",
        },
    });
});

test("kafkaBootstrapServer accepts a name, an FQDN (sovereign clouds too) or FQDN:9093 and nothing else", () => {
    assert.equal(kafkaBootstrapServer("ehns-site01"), "ehns-site01.servicebus.windows.net:9093");
    assert.equal(kafkaBootstrapServer("ehns-site01.servicebus.chinacloudapi.cn"), "ehns-site01.servicebus.chinacloudapi.cn:9093");
    assert.equal(kafkaBootstrapServer("ehns-site01.servicebus.windows.net:9093"), "ehns-site01.servicebus.windows.net:9093");
    assert.equal(kafkaBootstrapServer("ehns-site01.servicebus.windows.net:5671"), undefined);
    assert.equal(kafkaBootstrapServer("ehns"), undefined);
    assert.equal(kafkaBootstrapServer("ehns-site01.example.com"), undefined);
});

test("hot path: source on the local broker, filter + map (with pass-through), destination the event hub", () => {
    const hot = plan().dataflows.find((d) => d.name === "hot-freezers");
    assert.equal(hot?.role, "hot");
    assert.deepEqual(hot?.operations, [
        { operationType: "Source", name: "source", sourceSettings: { endpointRef: "default", dataSources: ["site01/channel22/freezer01", "site01/channel22/freezer06"], serializationFormat: "Json" } },
        {
            operationType: "BuiltInTransformation",
            name: "transform",
            builtInTransformationSettings: {
                filter: [{ inputs: ["temperature.Value"], expression: "$1 > -40 && $1 < 20", type: "Filter", description: "drop sensor glitches" }],
                map: [
                    { inputs: ["*"], output: "*" },
                    { inputs: ["temperature.Value"], output: "temperature.ValueF", expression: "$1 * 9 / 5 + 32", type: "Compute" },
                    // The asset key travels in the document: the source topic (site/line/asset).
                    { inputs: ["$metadata.topic"], output: "x-aio-topic" },
                ],
                serializationFormat: "Json",
            },
        },
        { operationType: "Destination", name: "destination", destinationSettings: { endpointRef: "event-hubs", dataDestination: "telemetry" } },
    ]);
});

test("partition key: the hot source topic is site/line/asset; an asset publishing elsewhere is republished there first", () => {
    const p = plan();
    assert.deepEqual(p.partitionKeys, [
        { asset: "channel22/freezer01", key: "site01/channel22/freezer01", sourceTopic: "site01/channel22/freezer01" },
        { asset: "channel22/freezer06", key: "site01/channel22/freezer06", sourceTopic: "azure-iot-operations/data/freezer06", keyedBy: "key-channel22-freezer06" },
    ]);
    const key = p.dataflows.find((d) => d.name === "key-channel22-freezer06");
    assert.deepEqual(key, {
        name: "key-channel22-freezer06",
        role: "key",
        endpointRefs: [],
        operations: [
            { operationType: "Source", name: "source", sourceSettings: { endpointRef: "default", dataSources: ["azure-iot-operations/data/freezer06"], serializationFormat: "Json" } },
            { operationType: "Destination", name: "destination", destinationSettings: { endpointRef: "default", dataDestination: "site01/channel22/freezer06" } },
        ],
    });
    // Keys match what Bronze receives as x-opt-partition-key in the seed data.
    assert.ok(p.partitionKeys.every((k) => /^site01\/channel22\/freezer0\d$/.test(k.key)));
    // No key dataflow for assets that already publish to their key, nor for assets outside hot paths.
    assert.deepEqual(p.dataflows.map((d) => d.name), ["key-channel22-freezer06", "hot-freezers", "cold"]);
});

test("cold path: every asset's own topic, unfiltered, Parquet with the schema, into the edge volume directory", () => {
    const cold = plan().dataflows.find((d) => d.role === "cold");
    assert.deepEqual(cold?.operations, [
        {
            operationType: "Source",
            name: "source",
            sourceSettings: { endpointRef: "default", dataSources: ["site01/channel22/freezer01", "site01/channel22/freezer02", "azure-iot-operations/data/freezer06"], serializationFormat: "Json" },
        },
        { operationType: "BuiltInTransformation", name: "schema", builtInTransformationSettings: { map: [{ inputs: ["*"], output: "*" }], schemaRef: "aio-sr://site01-schemas/telemetry:1.0.0", serializationFormat: "Parquet" } },
        { operationType: "Destination", name: "destination", destinationSettings: { endpointRef: "edge-volume", dataDestination: "ingest" } },
    ]);
    assert.deepEqual(plan().endpoints.find((e) => e.name === "edge-volume")?.properties, { endpointType: "LocalStorage", localStorageSettings: { persistentVolumeClaimRef: "cold-archive" } });
});

test("other endpoints: Eventstream (SASL secret), OneLake and ADLS with system-assigned identity", () => {
    const p = plan((d) => {
        d.endpoints.push(
            { kind: "eventstream", name: "eventstream", bootstrapServer: "esehabc.servicebus.windows.net:9093", auth: { type: "Sasl", secretRef: "eventstream-connection" } },
            { kind: "fabricOneLake", name: "onelake", workspaceName: "plant-ws", lakehouseName: "raw", auth: { type: "SystemAssigned" }, batching: { latencySeconds: 30 } },
            { kind: "dataLake", name: "archive", storageAccount: "starchive01", auth: { type: "SystemAssigned", audience: "https://storage.azure.com" } },
        );
    });
    const props = new Map(p.endpoints.map((e) => [e.name, e.properties]));
    assert.equal(props.get("eventstream")?.kafkaSettings?.host, "esehabc.servicebus.windows.net:9093");
    assert.deepEqual(props.get("eventstream")?.kafkaSettings?.authentication, { method: "Sasl", saslSettings: { saslType: "Plain", secretRef: "eventstream-connection" } });
    assert.deepEqual(props.get("onelake"), {
        endpointType: "FabricOneLake",
        fabricOneLakeSettings: {
            host: "https://onelake.dfs.fabric.microsoft.com",
            names: { workspaceName: "plant-ws", lakehouseName: "raw" },
            oneLakePathType: "Tables",
            authentication: { method: "SystemAssignedManagedIdentity", systemAssignedManagedIdentitySettings: {} },
            batching: { latencySeconds: 30 },
        },
    });
    assert.deepEqual(props.get("archive"), {
        endpointType: "DataLakeStorage",
        dataLakeStorageSettings: { host: "https://starchive01.blob.core.windows.net", authentication: { method: "SystemAssignedManagedIdentity", systemAssignedManagedIdentitySettings: { audience: "https://storage.azure.com" } } },
    });
});

test("a hot path of raw topics shaped site/+/+ and no filter or map passes everything through, plus the source topic", () => {
    const p = plan((d) => {
        d.hotPaths = [{ name: "hot-all", topics: ["site01/+/+"], endpoint: "event-hubs", topic: "telemetry" }];
    });
    const hot = p.dataflows.find((d) => d.name === "hot-all");
    assert.deepEqual(hot?.operations.map((o) => o.operationType), ["Source", "BuiltInTransformation", "Destination"]);
    assert.deepEqual(hot?.operations[1].builtInTransformationSettings?.map, [
        { inputs: ["*"], output: "*" },
        { inputs: ["$metadata.topic"], output: "x-aio-topic" },
    ]);
    assert.deepEqual(hot?.operations[0].sourceSettings?.dataSources, ["site01/+/+"]);
    assert.deepEqual(p.partitionKeys, []);
});

test("profile defaults to edge-fabric with the given instance count", () => {
    assert.deepEqual(plan().profile, { name: "edge-fabric", instanceCount: 2 });
    assert.deepEqual(plan((d) => delete d.profile).profile, { name: "edge-fabric", instanceCount: 1 });
});

test("names: length and pattern, naming the entry", () => {
    assert.deepEqual(issuesOfEdit((d) => (d.endpoints[0].name = "Event_Hubs")), [
        `endpoints[0].name: "Event_Hubs" must match ^[a-z0-9][a-z0-9-]*[a-z0-9]$: lowercase letters, digits and hyphens, starting and ending with a letter or digit (no "_" or ".")`,
        `hotPaths[0].endpoint: no endpoint named "event-hubs" (known: Event_Hubs, edge-volume)`,
    ]);
    assert.deepEqual(issuesOfEdit((d) => (d.hotPaths[0].name = "h")), [`hotPaths[0].name: "h" must be 3 to 63 characters long (it has 1); Azure IoT Operations resource names are limited to 63`]);
    const long = "a".repeat(30);
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.site.lines[0].name = long;
            d.site.lines[0].assets[2].name = long;
            d.hotPaths[0].assets = [`${long}/freezer01`, `${long}/${long}`];
        }),
        [`site.lines[0].assets[2] (its key dataflow): "key-${long}-${long}" must be 3 to 63 characters long (it has 65); Azure IoT Operations resource names are limited to 63`],
    );
    assert.deepEqual(issuesOfEdit((d) => (d.site.lines[0].assets[1].name = "Freezer 2")), [
        `site.lines[0].assets[1].name: "Freezer 2" must be 1 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit; it becomes an MQTT topic level, part of the partition key and part of resource names`,
    ]);
});

test("topics: MQTT filter rules and the site/line/asset shape of hot topics", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.hotPaths[0].topics = ["site01/#", "site01/line+/x", "other/a/b"];
            d.coldPath!.topics = ["a/#/b", "$SYS/broker"];
            d.site.lines[0].assets[0].topic = "plant/+/freezer01";
        }),
        [
            `site.lines[0].assets[0].topic: "plant/+/freezer01" is a topic name, not a filter: it must not contain "+" or "#"`,
            `hotPaths[0].topics[0]: "site01/#" must be shaped site01/<line>/<asset> ("+" allowed for line and asset, "#" not): the source topic becomes the Kafka partition key`,
            `hotPaths[0].topics[1]: "site01/line+/x": "+" must be a whole level of a topic filter (level 2 is "line+")`,
            `hotPaths[0].topics[2]: "other/a/b" must be shaped site01/<line>/<asset> ("+" allowed for line and asset, "#" not): the source topic becomes the Kafka partition key`,
            `coldPath.topics[0]: "a/#/b": "#" must be the whole last level of a topic filter`,
            `coldPath.topics[1]: "$SYS/broker" starts with "$": such topics are reserved by the broker (system and shared-subscription topics) and are not routed by these dataflows`,
        ],
    );
});

test("asset topics: unique, and never another asset's key topic (a key dataflow would mix readings)", () => {
    assert.deepEqual(issuesOfEdit((d) => (d.site.lines[0].assets[0].topic = "site01/channel22/freezer02")), [
        `site.lines[0].assets[1].topic: duplicate asset topic "site01/channel22/freezer02" (first used at site.lines[0].assets[0].topic)`,
    ]);
    assert.deepEqual(issuesOfEdit((d) => (d.site.lines[0].assets[0].topic = "site01/channel22/freezer06")), [
        `site.lines[0].assets[0].topic: "site01/channel22/freezer06" is the partition-key topic of asset "channel22/freezer06"; republishing that asset would mix its readings into this one's`,
    ]);
});

test("references: endpoints, endpoint kinds, assets and $n in expressions", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.hotPaths[0].endpoint = "edge-volume";
            d.hotPaths[0].assets = ["channel22/freezer09"];
            d.hotPaths[0].filters = [{ inputs: ["a"], expression: "$1 > $2" }];
            d.hotPaths[0].maps = [{ inputs: [], output: "" }];
            d.coldPath!.endpoint = "event-hubs";
        }),
        [
            `hotPaths[0].endpoint: endpoint "edge-volume" is localStorage; a hot path goes to an eventHubs or eventstream endpoint`,
            `hotPaths[0].assets[0]: no asset "channel22/freezer09" in the site description (write <line>/<asset>)`,
            `hotPaths[0].filters[0].expression: "$1 > $2" refers to $2 but there is 1 input ($1..$1)`,
            `hotPaths[0].maps[0].inputs: needs at least one input field`,
            `hotPaths[0].maps[0].output: a map rule needs an output field`,
            `coldPath.endpoint: endpoint "event-hubs" is eventHubs; the cold path goes to a localStorage, dataLake or fabricOneLake endpoint`,
        ],
    );
    assert.deepEqual(issuesOfEdit((d) => (d.coldPath!.endpoint = "nowhere")), [`coldPath.endpoint: no endpoint named "nowhere" (known: event-hubs, edge-volume)`]);
});

test("endpoints: Event Hubs host/port and compression, identity, batching ranges", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.endpoints[0] = { kind: "eventHubs", name: "event-hubs", namespace: "ehns-site01.servicebus.windows.net:443", compression: "Snappy" as "Gzip", batching: { latencyMs: 70000, maxBytes: -1 } };
            delete d.identity;
        }),
        [
            `endpoints[0].auth: endpoint "event-hubs" has no authentication: set the component's identity (the user-assigned managed identity for AIO cloud connections: clientId and tenantId) or this endpoint's auth`,
            `endpoints[0].namespace: "ehns-site01.servicebus.windows.net:443" is not an Event Hubs namespace or alias: give a name of 6-50 letters, digits and hyphens (starting with a letter), or its <name>.servicebus.<cloud suffix> FQDN; the Kafka port is 9093`,
            `endpoints[0].compression: "Snappy" is not supported by Event Hubs; use None (any tier) or Gzip (Premium and Dedicated only)`,
            `endpoints[0].batching.latencyMs: 70000 must be an integer from 0 to 65535`,
            `endpoints[0].batching.maxBytes: -1 must be an integer >= 0`,
        ],
    );
    assert.deepEqual(issuesOfEdit((d) => (d.identity = { type: "UserAssigned", clientId: "me", tenantId: TENANT_ID })), [`identity.clientId: "me" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`]);
    // SASL is for Kafka endpoints only; storage endpoints would otherwise silently fall back to another method.
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.endpoints.push({ kind: "dataLake", name: "archive", storageAccount: "starchive01", auth: { type: "Sasl", secretRef: "k" } as unknown as { type: "SystemAssigned" } });
        }),
        [`endpoints[2].auth.type: "Sasl" is not allowed here; use UserAssigned or SystemAssigned`],
    );
});

test("safety: the AIO-owned default profile and broker endpoint are never defined here; disk persistence needs an API that has it", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.profile = { name: "default", instanceCount: 21 };
            d.endpoints.push({ kind: "localStorage", name: "default", persistentVolumeClaim: "x" });
            d.requestDiskPersistence = true;
        }),
        [
            `profile.name: "default" is the profile the AIO deployment owns; creating it here would take it over and delete it on destroy. Pick another name`,
            `profile.instanceCount: 21 must be an integer from 1 to 20`,
            `requestDiskPersistence: the bound Microsoft.IoTOperations API 2024-11-01 has no dataflow disk persistence; bind a newer API version in components/edge/aio-api.ts (2026-03-01 has requestDiskPersistence) or leave it off`,
            `endpoints[2].name: "default" is the local broker endpoint this component adopts; defining it here would replace (and on destroy delete) the broker endpoint every dataflow needs`,
        ],
    );
    const d = siteDescription();
    d.requestDiskPersistence = true;
    assert.equal(planDataflows(d, { version: "2026-03-01", dataflowDiskPersistence: true }).requestDiskPersistence, true);
});

test("cold path: schema reference and destination rules per endpoint kind", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.coldPath!.schemaRef = "telemetry.json";
            d.coldPath!.destination = "/var/data";
        }),
        [
            `coldPath.destination: "/var/data" must be a relative directory (no leading "/", no "." or ".." segments; letters, digits, ".", "_" and "-"), e.g. the edge volume's subvolume path`,
            `coldPath.schemaRef: "telemetry.json" must be a schema registry reference aio-sr://<namespace>/<schema>:<version>; storage destinations need a schema to write Parquet/Delta`,
        ],
    );
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.endpoints.push({ kind: "dataLake", name: "archive", storageAccount: "https://StArchive.blob.core.windows.net" });
            d.coldPath = { endpoint: "archive", destination: "Cold--Archive", schemaRef: "aio-sr://ns/telemetry:1" };
        }),
        [
            `endpoints[2].storageAccount: "https://StArchive.blob.core.windows.net" is neither a storage account name (3-24 lowercase letters and digits) nor a blob endpoint https://<account>.blob.<suffix>`,
            `coldPath.destination: "Cold--Archive" is not a valid blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
        ],
    );
});

test("location of the adopted AIO deployment is validated too", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.instanceName = "AIO";
            d.customLocation = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Foo/bars/cl";
        }),
        [
            `instanceName: "AIO" must match ^[a-z0-9][a-z0-9-]*[a-z0-9]$: lowercase letters, digits and hyphens, starting and ending with a letter or digit (no "_" or ".")`,
            `customLocation: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Foo/bars/cl" is neither a custom location name nor an id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ExtendedLocation/customLocations/<name>`,
        ],
    );
});

test("the error message lists every issue with its path", () => {
    assert.throws(
        () => plan((d) => {
            d.hotPaths[0].name = "Hot";
            d.profile = { instanceCount: 0 };
        }),
        (e: Error) => e instanceof ValidationError && e.message.startsWith("AioDataflows: 2 problems:\n  - profile.instanceCount: 0 must be") && e.message.includes("\n  - hotPaths[0].name:"),
    );
});
