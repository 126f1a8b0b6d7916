/**
 * The pure function that turns a dataflows description into AIO dataflow endpoints, a profile and
 * dataflows (hot path, cold path). No Pulumi and no I/O here: the whole description is validated
 * first (`dataflow-validation.ts`), and only then is anything built. The shapes produced mirror the
 * Microsoft.IoTOperations 2024-11-01 ARM properties (azure-native `inputs.iotoperations.*Args`), so
 * the component passes them on unchanged.
 *
 * Facts used:
 * - Kafka endpoint defaults/enums and Event Hubs on port 9093: learn "Configure Azure Event Hubs and
 *   Kafka data flow endpoints" (howto-configure-kafka-endpoint.md, ms.date 06/17/2025).
 * - Storage destinations need `schemaRef` + `serializationFormat` (howto-configure-dataflow-destination).
 */
import { ASSET_TOPIC_MAP } from "./asset-key";
import type { ApiCapabilities, ColdPath, DataflowsDescription, EndpointDescription, HotPath, KafkaAuth, KafkaBatching, ManagedIdentity, SiteDescription, StorageBatching } from "./dataflow-description";
import { assetsOf, DEFAULT_BROKER_ENDPOINT, DEFAULT_ONELAKE_HOST, DEFAULT_PROFILE, kafkaBootstrapServer, keyedAssets, validateDataflows } from "./dataflow-validation";
import { blobHost } from "./rules";
import { ValidationError } from "../validation";

type IdentitySettings =
    | { method: "UserAssignedManagedIdentity"; userAssignedManagedIdentitySettings: { clientId: string; tenantId: string; scope?: string } }
    | { method: "SystemAssignedManagedIdentity"; systemAssignedManagedIdentitySettings: { audience?: string } };

export type KafkaAuthentication = IdentitySettings | { method: "Sasl"; saslSettings: { saslType: string; secretRef: string } };

export interface EndpointProperties {
    endpointType: "Kafka" | "FabricOneLake" | "DataLakeStorage" | "LocalStorage";
    kafkaSettings?: {
        host: string;
        authentication: KafkaAuthentication;
        tls: { mode: "Enabled"; trustedCaCertificateConfigMapRef?: string };
        batching: { mode: "Enabled" | "Disabled"; latencyMs?: number; maxBytes?: number; maxMessages?: number };
        compression: string;
        kafkaAcks: string;
        partitionStrategy: "Topic";
        copyMqttProperties: "Enabled";
    };
    fabricOneLakeSettings?: {
        host: string;
        names: { workspaceName: string; lakehouseName: string };
        oneLakePathType: string;
        authentication: IdentitySettings;
        batching?: StorageBatching;
    };
    dataLakeStorageSettings?: { host: string; authentication: IdentitySettings; batching?: StorageBatching };
    localStorageSettings?: { persistentVolumeClaimRef: string };
}

export interface DataflowOperation {
    operationType: "Source" | "BuiltInTransformation" | "Destination";
    name: string;
    sourceSettings?: { endpointRef: string; dataSources: string[]; serializationFormat: "Json" };
    builtInTransformationSettings?: {
        filter?: { inputs: string[]; expression: string; type: "Filter"; description?: string }[];
        map?: { inputs: string[]; output: string; expression?: string; type?: string; description?: string }[];
        schemaRef?: string;
        serializationFormat: string;
    };
    destinationSettings?: { endpointRef: string; dataDestination: string };
}

export interface PlannedDataflow {
    name: string;
    /** `key`: republishes one asset's topic to its `site/line/asset` topic; `hot`/`cold`: the paths. */
    role: "key" | "hot" | "cold";
    /** Endpoints this dataflow uses other than the adopted local broker endpoint. */
    endpointRefs: string[];
    operations: DataflowOperation[];
}

/** How one hot asset gets its Kafka key. */
export interface PartitionKeyMapping {
    /** `<line>/<asset>`. */
    asset: string;
    /** The key Event Hubs stores as `x-opt-partition-key`: `<site>/<line>/<asset>`. */
    key: string;
    /** Topic the asset publishes to. */
    sourceTopic: string;
    /** The `key` dataflow that republishes `sourceTopic` to `key`, when they differ. */
    keyedBy?: string;
}

export interface DataflowsPlan {
    apiVersion: string;
    profile: { name: string; instanceCount: number };
    localBrokerEndpoint: string;
    endpoints: { name: string; properties: EndpointProperties }[];
    dataflows: PlannedDataflow[];
    partitionKeys: PartitionKeyMapping[];
    requestDiskPersistence: boolean;
}


function identitySettings(id: ManagedIdentity): IdentitySettings {
    return id.type === "UserAssigned"
        ? { method: "UserAssignedManagedIdentity", userAssignedManagedIdentitySettings: { clientId: id.clientId, tenantId: id.tenantId, ...(id.scope ? { scope: id.scope } : {}) } }
        : { method: "SystemAssignedManagedIdentity", systemAssignedManagedIdentitySettings: id.audience ? { audience: id.audience } : {} };
}

function kafkaAuthentication(auth: KafkaAuth): KafkaAuthentication {
    return auth.type === "Sasl" ? { method: "Sasl", saslSettings: { saslType: auth.saslType ?? "Plain", secretRef: auth.secretRef } } : identitySettings(auth);
}

function kafkaSettings(host: string, auth: KafkaAuth, batching: KafkaBatching | undefined, extra: { compression?: string; acks?: string; trustedCaConfigMap?: string }): EndpointProperties["kafkaSettings"] {
    const { enabled = true, ...limits } = batching ?? {};
    return {
        host,
        authentication: kafkaAuthentication(auth),
        tls: { mode: "Enabled", ...(extra.trustedCaConfigMap ? { trustedCaCertificateConfigMapRef: extra.trustedCaConfigMap } : {}) },
        batching: { mode: enabled ? "Enabled" : "Disabled", ...limits },
        compression: extra.compression ?? "None",
        kafkaAcks: extra.acks ?? "All",
        // The key Event Hubs stores as x-opt-partition-key is the source MQTT topic, `site/line/asset`.
        partitionStrategy: "Topic",
        copyMqttProperties: "Enabled",
    };
}

function endpointProperties(ep: EndpointDescription, identity: ManagedIdentity | undefined): EndpointProperties {
    if (ep.kind === "localStorage") {
        return { endpointType: "LocalStorage", localStorageSettings: { persistentVolumeClaimRef: ep.persistentVolumeClaim } };
    }
    // validateDataflows guarantees an identity for every cloud endpoint without its own auth.
    const auth = (ep.auth ?? identity) as KafkaAuth;
    switch (ep.kind) {
        case "eventHubs":
            return { endpointType: "Kafka", kafkaSettings: kafkaSettings(kafkaBootstrapServer(ep.namespace) as string, auth, ep.batching, { compression: ep.compression, acks: ep.acks, trustedCaConfigMap: ep.trustedCaConfigMap }) };
        case "eventstream":
            return { endpointType: "Kafka", kafkaSettings: kafkaSettings(ep.bootstrapServer, auth, ep.batching, {}) };
        case "fabricOneLake":
            return {
                endpointType: "FabricOneLake",
                fabricOneLakeSettings: {
                    host: ep.host ?? DEFAULT_ONELAKE_HOST,
                    names: { workspaceName: ep.workspaceName, lakehouseName: ep.lakehouseName },
                    oneLakePathType: ep.pathType ?? "Tables",
                    authentication: identitySettings(auth as ManagedIdentity),
                    ...(ep.batching ? { batching: ep.batching } : {}),
                },
            };
        case "dataLake":
            return {
                endpointType: "DataLakeStorage",
                dataLakeStorageSettings: { host: blobHost(ep.storageAccount) as string, authentication: identitySettings(auth as ManagedIdentity), ...(ep.batching ? { batching: ep.batching } : {}) },
            };
    }
}

function source(endpointRef: string, dataSources: string[]): DataflowOperation {
    return { operationType: "Source", name: "source", sourceSettings: { endpointRef, dataSources, serializationFormat: "Json" } };
}

function destination(endpointRef: string, dataDestination: string): DataflowOperation {
    return { operationType: "Destination", name: "destination", destinationSettings: { endpointRef, dataDestination } };
}

const PASS_THROUGH = { inputs: ["*"], output: "*" };

function hotDataflow(hot: HotPath, broker: string, keyTopicOf: Map<string, string>): PlannedDataflow {
    const dataSources = [...new Set([...(hot.assets ?? []).map((ref) => keyTopicOf.get(ref) as string), ...(hot.topics ?? [])])];
    // The source topic (the asset's key topic) goes into the document: the Kafka key alone does not reach
    // readers as the partition key. A map outputs only what it maps, so everything else passes through
    // unless the path narrows it to its maps.
    const maps = [...((hot.passThrough ?? true) ? [PASS_THROUGH] : []), ...(hot.maps ?? []), { ...ASSET_TOPIC_MAP, inputs: [...ASSET_TOPIC_MAP.inputs] }];
    const filters = (hot.filters ?? []).map((f) => ({ inputs: f.inputs, expression: f.expression, type: "Filter" as const, ...(f.description ? { description: f.description } : {}) }));
    const transform: DataflowOperation[] =
        filters.length + maps.length === 0
            ? []
            : [{ operationType: "BuiltInTransformation", name: "transform", builtInTransformationSettings: { ...(filters.length ? { filter: filters } : {}), ...(maps.length ? { map: maps } : {}), serializationFormat: "Json" } }];
    return { name: hot.name, role: "hot", endpointRefs: [hot.endpoint], operations: [source(broker, dataSources), ...transform, destination(hot.endpoint, hot.topic)] };
}

function coldDataflow(cold: ColdPath, broker: string, site: SiteDescription): PlannedDataflow {
    const topics = cold.topics ?? [...new Set(assetsOf(site).map((a) => a.topic))];
    return {
        name: cold.name ?? "cold",
        role: "cold",
        endpointRefs: [cold.endpoint],
        operations: [
            source(broker, topics),
            { operationType: "BuiltInTransformation", name: "schema", builtInTransformationSettings: { map: cold.maps ?? [PASS_THROUGH], schemaRef: cold.schemaRef, serializationFormat: cold.serializationFormat ?? "Parquet" } },
            destination(cold.endpoint, cold.destination),
        ],
    };
}

/**
 * Validates `desc` and returns what to create. Hot assets whose topic is not already
 * `<site>/<line>/<asset>` get a `key` dataflow that republishes them there on the local broker, so
 * the hot dataflow's source topic — the Kafka key under the `Topic` partition strategy — is exactly
 * the partition key Bronze expects.
 */
export function planDataflows(desc: DataflowsDescription, api: ApiCapabilities): DataflowsPlan {
    ValidationError.throwIfAny("AioDataflows", validateDataflows(desc, api));
    const broker = desc.localBrokerEndpoint ?? DEFAULT_BROKER_ENDPOINT;
    const keyed = keyedAssets(desc);
    const keyedByRef = new Map(keyed.map((k) => [k.ref, k.dataflow]));
    const assets = assetsOf(desc.site);
    const keyTopicOf = new Map(assets.map((a) => [a.ref, a.key]));
    const hotRefs = new Set(desc.hotPaths.flatMap((h) => h.assets ?? []));
    return {
        apiVersion: api.version,
        profile: { name: desc.profile?.name ?? DEFAULT_PROFILE, instanceCount: desc.profile?.instanceCount ?? 1 },
        localBrokerEndpoint: broker,
        endpoints: desc.endpoints.map((ep) => ({ name: ep.name, properties: endpointProperties(ep, desc.identity) })),
        dataflows: [
            ...keyed.map((k): PlannedDataflow => ({ name: k.dataflow, role: "key", endpointRefs: [], operations: [source(broker, [k.topic]), destination(broker, k.key)] })),
            ...desc.hotPaths.map((hot) => hotDataflow(hot, broker, keyTopicOf)),
            ...(desc.coldPath ? [coldDataflow(desc.coldPath, broker, desc.site)] : []),
        ],
        partitionKeys: assets
            .filter((a) => hotRefs.has(a.ref))
            .map((a) => ({ asset: a.ref, key: a.key, sourceTopic: a.topic, ...(keyedByRef.has(a.ref) ? { keyedBy: keyedByRef.get(a.ref) } : {}) })),
        requestDiskPersistence: desc.requestDiskPersistence ?? false,
    };
}
