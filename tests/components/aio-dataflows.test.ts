import { test } from "node:test";
import assert from "node:assert/strict";
import { AioDataflows } from "../../components/edge/aio-dataflows";
import { ValidationError } from "../../components/validation";
import { type RecordedResource, synth } from "../../cli/synth";
import { CLIENT_ID, TENANT_ID, siteDescription } from "../edge/fixtures";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001"; // synth's default getClientConfig mock

// Pulumi mocks are process-global, so one synth run serves every assertion in this file.
const run = synth(() => {
    // An invalid site registers nothing at all, not even the component.
    const bad = siteDescription();
    bad.hotPaths[0].topic = "";
    bad.coldPath!.schemaRef = "schema.json";
    let error: unknown;
    try {
        new AioDataflows("broken", bad);
    } catch (e) {
        error = e;
    }
    const aio = new AioDataflows("site01", siteDescription());
    const byId = siteDescription();
    byId.customLocation = "/subscriptions/s2/resourceGroups/rg-arc/providers/Microsoft.ExtendedLocation/customLocations/cl-other";
    byId.profile = { name: "site01-b" };
    byId.hotPaths = [];
    return { aio, error, byId: new AioDataflows("by-id", byId), profileName: aio.profileName, dataflowNames: aio.dataflowNames };
}, {
    // As the provider does: the resource's `name` output is its ARM name.
    outputs: (_type, _name, inputs) => ({ name: inputs.dataflowName ?? inputs.dataflowEndpointName ?? inputs.dataflowProfileName }),
});

function find(resources: RecordedResource[], type: string, name: string): RecordedResource {
    const r = resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `no ${type} named ${name}; have ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
    return r;
}

const component = (resources: RecordedResource[]) => find(resources, "edge-fabric:edge:AioDataflows", "site01");

test("validation fails before anything is registered, naming every offending entry", async () => {
    const { resources, result } = await run;
    assert.ok(result.error instanceof ValidationError);
    assert.deepEqual(
        result.error.problems.map((i) => i.path),
        ["hotPaths[0].topic", "coldPath.schemaRef"],
    );
    assert.match(result.error.message, /hotPaths\[0\]\.topic: "" is not an event hub \(Kafka topic\) name/);
    assert.ok(!resources.some((r) => r.name.startsWith("broken")), "a rejected component must not register anything");
});

test("profile, endpoints and dataflows are children of the component in the adopted instance and custom location", async () => {
    const { resources } = await run;
    const parent = component(resources).urn;
    const children = resources.filter((r) => r.parent === parent);
    assert.deepEqual(children.map((r) => `${r.type.split(":")[2]}/${r.name}`).sort(), [
        "Dataflow/site01-dataflow-cold",
        "Dataflow/site01-dataflow-hot-freezers",
        "Dataflow/site01-dataflow-key-channel22-freezer06",
        "DataflowEndpoint/site01-endpoint-edge-volume",
        "DataflowEndpoint/site01-endpoint-event-hubs",
        "DataflowProfile/site01-profile",
    ]);
    for (const child of children) {
        assert.equal(child.inputs.instanceName, "aio-site01");
        assert.equal(child.inputs.resourceGroupName, "rg-site01-edge");
        assert.deepEqual(child.inputs.extendedLocation, { name: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-site01-edge/providers/Microsoft.ExtendedLocation/customLocations/cl-site01`, type: "CustomLocation" });
    }
    // Adopted, not created: no instance, broker, broker endpoint `default` or custom location.
    assert.ok(!resources.some((r) => /:(Instance|Broker|CustomLocation)$/.test(r.type)));
    assert.ok(!resources.some((r) => r.inputs.dataflowEndpointName === "default"));
    const profile = find(resources, "azure-native:iotoperations:DataflowProfile", "site01-profile");
    assert.equal(profile.inputs.dataflowProfileName, "edge-fabric");
    assert.deepEqual(profile.inputs.properties, { instanceCount: 2 });
});

test("a custom location given by id is used as is", async () => {
    const { resources } = await run;
    const profile = find(resources, "azure-native:iotoperations:DataflowProfile", "by-id-profile");
    assert.equal((profile.inputs.extendedLocation as { name: string }).name, "/subscriptions/s2/resourceGroups/rg-arc/providers/Microsoft.ExtendedLocation/customLocations/cl-other");
});

test("Event Hubs endpoint: host:9093, TLS, batching, user-assigned identity, Topic partitioning", async () => {
    const { resources } = await run;
    const ep = find(resources, "azure-native:iotoperations:DataflowEndpoint", "site01-endpoint-event-hubs");
    assert.equal(ep.inputs.dataflowEndpointName, "event-hubs");
    const kafka = (ep.inputs.properties as { endpointType: string; kafkaSettings: Record<string, unknown> });
    assert.equal(kafka.endpointType, "Kafka");
    assert.equal(kafka.kafkaSettings.host, "ehns-site01-alias.servicebus.windows.net:9093");
    assert.deepEqual(kafka.kafkaSettings.tls, { mode: "Enabled" });
    // maxBytes is not set by the site; azure-native fills the service default in.
    assert.deepEqual(kafka.kafkaSettings.batching, { mode: "Enabled", latencyMs: 100, maxBytes: 1000000, maxMessages: 1000 });
    assert.deepEqual(kafka.kafkaSettings.authentication, { method: "UserAssignedManagedIdentity", userAssignedManagedIdentitySettings: { clientId: CLIENT_ID, tenantId: TENANT_ID } });
    assert.equal(kafka.kafkaSettings.partitionStrategy, "Topic");
    assert.equal(kafka.kafkaSettings.compression, "None");
    const local = find(resources, "azure-native:iotoperations:DataflowEndpoint", "site01-endpoint-edge-volume");
    assert.deepEqual(local.inputs.properties, { endpointType: "LocalStorage", localStorageSettings: { persistentVolumeClaimRef: "cold-archive" } });
});

interface Operation {
    operationType: string;
    sourceSettings?: { endpointRef: string; dataSources: string[] };
    builtInTransformationSettings?: { filter?: { expression: string }[]; map?: { output: string }[]; schemaRef?: string; serializationFormat?: string };
    destinationSettings?: { endpointRef: string; dataDestination: string };
}

function operations(r: RecordedResource): Operation[] {
    return (r.inputs.properties as { operations: Operation[] }).operations;
}

test("hot path dataflow: source -> filter/map -> Event Hubs, in the profile, after its endpoint", async () => {
    const { resources } = await run;
    const hot = find(resources, "azure-native:iotoperations:Dataflow", "site01-dataflow-hot-freezers");
    assert.equal(hot.inputs.dataflowName, "hot-freezers");
    assert.equal(hot.inputs.dataflowProfileName, "edge-fabric");
    assert.equal((hot.inputs.properties as { mode: string }).mode, "Enabled");
    const [src, transform, dst] = operations(hot);
    assert.deepEqual(src.sourceSettings?.dataSources, ["site01/channel22/freezer01", "site01/channel22/freezer06"]);
    assert.equal(src.sourceSettings?.endpointRef, "default");
    assert.deepEqual(transform.builtInTransformationSettings?.filter?.map((f) => f.expression), ["$1 > -40 && $1 < 20"]);
    assert.deepEqual(transform.builtInTransformationSettings?.map?.map((m) => m.output), ["*", "temperature.ValueF", "x-aio-topic"]);
    assert.deepEqual(dst.destinationSettings, { endpointRef: "event-hubs", dataDestination: "telemetry" });
    const endpoint = find(resources, "azure-native:iotoperations:DataflowEndpoint", "site01-endpoint-event-hubs");
    const profile = find(resources, "azure-native:iotoperations:DataflowProfile", "site01-profile");
    assert.ok(hot.dependencies.includes(endpoint.urn), "the hot dataflow waits for its endpoint");
    assert.ok(hot.dependencies.includes(profile.urn), "the hot dataflow waits for its profile");
});

test("partition key mapping: freezer06 is republished to site01/channel22/freezer06 before the hot path reads it", async () => {
    const { resources, result } = await run;
    const key = find(resources, "azure-native:iotoperations:Dataflow", "site01-dataflow-key-channel22-freezer06");
    const [src, dst] = operations(key);
    assert.deepEqual(src.sourceSettings, { endpointRef: "default", dataSources: ["azure-iot-operations/data/freezer06"], serializationFormat: "Json" });
    assert.deepEqual(dst.destinationSettings, { endpointRef: "default", dataDestination: "site01/channel22/freezer06" });
    assert.deepEqual(result.aio.plan.partitionKeys.map((k) => k.key), ["site01/channel22/freezer01", "site01/channel22/freezer06"]);
});

test("cold path dataflow: every asset topic, Parquet with schema, into the edge volume", async () => {
    const { resources } = await run;
    const cold = find(resources, "azure-native:iotoperations:Dataflow", "site01-dataflow-cold");
    const [src, schema, dst] = operations(cold);
    assert.equal(src.sourceSettings?.dataSources.length, 3);
    assert.equal(schema.builtInTransformationSettings?.schemaRef, "aio-sr://site01-schemas/telemetry:1.0.0");
    assert.equal(schema.builtInTransformationSettings?.serializationFormat, "Parquet");
    assert.deepEqual(dst.destinationSettings, { endpointRef: "edge-volume", dataDestination: "ingest" });
    assert.ok(cold.dependencies.includes(find(resources, "azure-native:iotoperations:DataflowEndpoint", "site01-endpoint-edge-volume").urn));
});

test("outputs: profile name and dataflow names", async () => {
    const { result } = await run;
    const [profileName, names] = await Promise.all([
        new Promise((resolve) => result.profileName.apply(resolve)),
        new Promise((resolve) => result.dataflowNames.apply(resolve)),
    ]);
    assert.equal(profileName, "edge-fabric");
    assert.deepEqual(names, ["key-channel22-freezer06", "hot-freezers", "cold"]);
});
