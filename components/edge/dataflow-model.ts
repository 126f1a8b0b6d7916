/**
 * The site description behind `AioDataflows` and the pure function that turns it into AIO dataflow
 * endpoints, a profile and dataflows (hot path, cold path). No Pulumi and no I/O here: the whole
 * description is validated first, every problem reported with the path of the offending entry, and
 * only then is anything built. The shapes produced mirror the Microsoft.IoTOperations 2024-11-01 ARM
 * properties (azure-native `inputs.iotoperations.*Args`), so the component passes them on unchanged.
 *
 * Facts used:
 * - Kafka endpoint defaults/enums and Event Hubs on port 9093: learn "Configure Azure Event Hubs and
 *   Kafka data flow endpoints" (howto-configure-kafka-endpoint.md, ms.date 06/17/2025).
 * - Partition strategy `Topic` = "uses the MQTT topic name from the data flow source as the key"; the
 *   `Property` strategy needs `partitionKeyProperty`, which no ARM version carries (absent from the
 *   2024-11-01 spec and from the 2026-03-01 `DataflowEndpoint_Get_MaximumSet_Gen.json` example).
 * - Every dataflow must have the local broker endpoint (`default`) as source or destination
 *   (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-create-dataflow).
 * - Storage destinations need `schemaRef` + `serializationFormat` (howto-configure-dataflow-destination).
 * - Fabric Eventstream custom endpoint speaks Kafka: bootstrap server + topic `es_<guid>`, Entra ID or
 *   SAS key (howto-configure-fabric-real-time-intelligence).
 */
import { Problems } from "../validation";
import { ASSET_TOPIC_MAP } from "./asset-key";
import {
    blobHost,
    checkAioName,
    checkContainerName,
    checkGuid,
    checkIdentifier,
    checkInteger,
    checkK8sName,
    checkMaxLength,
    checkRelativePath,
    checkTopicFilter,
    checkTopicName,
    checkUnique,
} from "./rules";

// ---------------------------------------------------------------------------------------------
// Description (what users write)
// ---------------------------------------------------------------------------------------------

/** A managed identity the AIO dataflows authenticate with. */
export type ManagedIdentity =
    /** The user-assigned identity set up for AIO cloud connections (secure settings). */
    | { type: "UserAssigned"; clientId: string; tenantId: string; /** Token scope; default: the service's own (`https://<namespace>.servicebus.windows.net/.default` for Event Hubs). */ scope?: string }
    /** The AIO Arc extension's system-assigned identity. */
    | { type: "SystemAssigned"; /** Token audience; default: the service's own. */ audience?: string };

/** Kafka authentication: a managed identity, or SASL with a Kubernetes secret (e.g. an Eventstream SAS connection string). */
export type KafkaAuth = ManagedIdentity | { type: "Sasl"; /** Default `Plain` (Event Hubs connection strings). */ saslType?: "Plain" | "ScramSha256" | "ScramSha512"; /** Kubernetes secret in the AIO namespace. */ secretRef: string };

/** Kafka producer batching. Messages leave when any limit is reached. */
export interface KafkaBatching {
    /** Default `true`. */
    enabled?: boolean;
    /** Longest wait before a batch is sent, in milliseconds (0-65535). Default 5 (service default). */
    latencyMs?: number;
    /** Largest batch, in bytes. Default 1000000 (service default). */
    maxBytes?: number;
    /** Largest batch, in messages. Default 100000 (service default). */
    maxMessages?: number;
}

/** Storage (OneLake, ADLS) batching. */
export interface StorageBatching {
    /** Longest wait before a batch is written, in seconds (0-65535). Default 60 (service default). */
    latencySeconds?: number;
    /** Largest batch, in messages. Default 100000 (service default). */
    maxMessages?: number;
}

/** Event Hubs through its Kafka endpoint (`<namespace>.servicebus.windows.net:9093`). */
export interface EventHubsEndpoint {
    kind: "eventHubs";
    /** Dataflow endpoint name (AIO name rules). */
    name: string;
    /**
     * The namespace or its geo-DR alias: a bare name (`ehns-site01`, expanded to
     * `ehns-site01.servicebus.windows.net:9093`), an FQDN (port 9093 added; sovereign-cloud suffixes
     * accepted), or `FQDN:9093`. Point it at the alias so a failover needs no edge change.
     */
    namespace: string;
    /** Default: the component's `identity`. */
    auth?: KafkaAuth;
    batching?: KafkaBatching;
    /** Default `None`. Event Hubs accepts only Gzip, and only on Premium and Dedicated (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-kafka-endpoint). */
    compression?: "None" | "Gzip";
    /** Default `All`. */
    acks?: "Zero" | "One" | "All";
    /** ConfigMap with extra trusted CAs; not needed for Event Hubs (public CA). */
    trustedCaConfigMap?: string;
}

/** Fabric Eventstream custom endpoint, Kafka protocol. */
export interface EventstreamEndpoint {
    kind: "eventstream";
    name: string;
    /** "Bootstrap server" from the custom endpoint's Kafka details, `host:port`. */
    bootstrapServer: string;
    /** Default: the component's `identity` (Entra ID); or SASL with the SAS-key connection string secret. */
    auth?: KafkaAuth;
    batching?: KafkaBatching;
}

/** Fabric OneLake lakehouse. */
export interface FabricOneLakeEndpoint {
    kind: "fabricOneLake";
    name: string;
    /** Default `https://onelake.dfs.fabric.microsoft.com`; must match `https://*.fabric.microsoft.(com|us)`. */
    host?: string;
    workspaceName: string;
    lakehouseName: string;
    /** Default `Tables`. */
    pathType?: "Files" | "Tables";
    /** Default: the component's `identity`. */
    auth?: ManagedIdentity;
    batching?: StorageBatching;
}

/** Azure Blob / ADLS Gen2 storage, written directly from the edge. */
export interface DataLakeEndpoint {
    kind: "dataLake";
    name: string;
    /** Storage account name (`starchive01`) or blob endpoint URL (`https://starchive01.blob.core.windows.net`). */
    storageAccount: string;
    /** Default: the component's `identity`. */
    auth?: ManagedIdentity;
    batching?: StorageBatching;
}

/** A persistent volume claim on the cluster, e.g. an ACSA cloud-ingest edge volume (`EdgeVolume`). */
export interface LocalStorageEndpoint {
    kind: "localStorage";
    name: string;
    /** PVC name, in the AIO namespace. */
    persistentVolumeClaim: string;
}

export type EndpointDescription = EventHubsEndpoint | EventstreamEndpoint | FabricOneLakeEndpoint | DataLakeEndpoint | LocalStorageEndpoint;

/** One asset of a line. */
export interface AssetDescription {
    /** Asset identifier, the last level of its partition key. */
    name: string;
    /** MQTT topic the asset publishes to. Default `<site>/<line>/<asset>`, which is also its partition key. */
    topic?: string;
}

export interface LineDescription {
    name: string;
    assets: AssetDescription[];
}

/** The plant: every reading's partition key is `<site>/<line>/<asset>`. */
export interface SiteDescription {
    site: string;
    lines: LineDescription[];
}

/** Keep a message when the expression is true. `$1`, `$2`… refer to `inputs` by position. */
export interface FilterRule {
    /** Field paths, e.g. `temperature.Value`, `$metadata.user_property.quality`. */
    inputs: string[];
    /** e.g. `$1 > -30 && $1 < 10`. */
    expression: string;
    description?: string;
}

/** Write `output` from `inputs` (optionally through `expression`). */
export interface MapRule {
    inputs: string[];
    output: string;
    expression?: string;
    type?: "NewProperties" | "Rename" | "Compute" | "PassThrough" | "BuiltInFunction";
    description?: string;
}

/** A hot path: selected readings, filtered and mapped, to Event Hubs (or Eventstream), keyed by `site/line/asset`. */
export interface HotPath {
    /** Dataflow name (AIO name rules). */
    name: string;
    /** Assets as `<line>/<asset>`. */
    assets?: string[];
    /** Raw topic filters shaped `<site>/<line>/<asset>`; `+` allowed for line and asset, `#` not (the topic is the key). */
    topics?: string[];
    filters?: FilterRule[];
    maps?: MapRule[];
    /** Keep every field not named by `maps` (a leading `* -> *` rule). Default `true`. */
    passThrough?: boolean;
    /** Name of an `eventHubs` or `eventstream` endpoint. */
    endpoint: string;
    /** Event hub name (Kafka topic), or the Eventstream topic `es_<guid>`. */
    topic: string;
}

/** The cold path: everything, unfiltered, to the edge volume or straight to cloud storage. */
export interface ColdPath {
    /** Dataflow name. Default `cold`. */
    name?: string;
    /** Name of a `localStorage`, `dataLake` or `fabricOneLake` endpoint. */
    endpoint: string;
    /** Sub-directory of the volume (the edge volume's subvolume path), blob container, or OneLake table/folder. */
    destination: string;
    /** Default: the topic of every asset in the site description. */
    topics?: string[];
    /** Schema registry reference for the written files, `aio-sr://<namespace>/<schema>:<version>`; storage destinations require one. */
    schemaRef: string;
    /** Default `Parquet`. */
    serializationFormat?: "Parquet" | "Delta";
    /** What each written field comes from. Default `* -> *`, which needs the schema to declare every leaf a message holds. */
    maps?: MapRule[];
}

/** Everything `AioDataflows` builds, as plain data. */
export interface DataflowsDescription {
    /** Resource group of the existing AIO instance. */
    resourceGroupName: string;
    /** Name of the existing AIO instance (adopted, not created). */
    instanceName: string;
    /**
     * The existing custom location of the Arc cluster: its full resource id, or its name when it lives
     * in `resourceGroupName` of the current subscription.
     */
    customLocation: string;
    site: SiteDescription;
    endpoints: EndpointDescription[];
    hotPaths: HotPath[];
    coldPath?: ColdPath;
    /** Identity for cloud endpoints without their own `auth`. Required when such an endpoint exists. */
    identity?: ManagedIdentity;
    /** The dataflow profile this component creates. */
    profile?: {
        /** Default `edge-fabric`. `default` is refused: it belongs to the AIO deployment. */
        name?: string;
        /** Dataflow pods, 1-20. Default 1. */
        instanceCount?: number;
    };
    /** The local MQTT broker's dataflow endpoint, adopted by name. Default `default`. */
    localBrokerEndpoint?: string;
    /** Ask AIO to persist dataflow state on disk. Only where the API version supports it (not 2024-11-01). Default `false`. */
    requestDiskPersistence?: boolean;
}

/** What the bound API version can carry (see `aio-api.ts`). */
export interface ApiCapabilities {
    version: string;
    dataflowDiskPersistence: boolean;
}

// ---------------------------------------------------------------------------------------------
// Plan (what the component creates), shaped like the ARM properties
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const KAFKA_KINDS = new Set<EndpointDescription["kind"]>(["eventHubs", "eventstream"]);
const MANAGED_IDENTITIES: readonly KafkaAuth["type"][] = ["UserAssigned", "SystemAssigned"];
const KAFKA_AUTH: readonly KafkaAuth["type"][] = [...MANAGED_IDENTITIES, "Sasl"];
const STORAGE_KINDS = new Set<EndpointDescription["kind"]>(["localStorage", "dataLake", "fabricOneLake"]);
const EVENT_HUBS_PORT = 9093;
/** Namespace (and alias) names: 6-50 characters, letters, digits and hyphens, starting with a letter. */
const NAMESPACE_LABEL = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;
const EVENT_HUB_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,254}[a-zA-Z0-9])?$/;
const FABRIC_HOST = /^https:\/\/[a-z0-9.-]+\.fabric\.microsoft\.(com|us)$/;
const SCHEMA_REF = /^aio-sr:\/\/[^/\s]+\/[^:\s]+:\S+$/;
const HOST_PORT = /^[a-zA-Z0-9.-]+:\d{1,5}$/;
const RESOURCE_GROUP = /^[-\w._()]{1,90}$/;
const CUSTOM_LOCATION_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ExtendedLocation\/customLocations\/[^/]+$/i;
const DEFAULT_PROFILE = "edge-fabric";
const DEFAULT_BROKER_ENDPOINT = "default";
const DEFAULT_ONELAKE_HOST = "https://onelake.dfs.fabric.microsoft.com";

function keyOf(site: string, line: string, asset: string): string {
    return `${site}/${line}/${asset}`;
}

/** Every asset with its key, source topic and description path. */
function assetsOf(site: SiteDescription): { ref: string; key: string; topic: string; path: string }[] {
    return site.lines.flatMap((line, li) =>
        line.assets.map((asset, ai) => {
            const key = keyOf(site.site, line.name, asset.name);
            return { ref: `${line.name}/${asset.name}`, key, topic: asset.topic ?? key, path: `site.lines[${li}].assets[${ai}]` };
        }),
    );
}

function validateSite(issues: Problems, site: SiteDescription): void {
    checkIdentifier(issues, "site.site", site.site);
    if (site.lines.length === 0) {
        issues.add("site.lines", "a site needs at least one line");
    }
    checkUnique(issues, site.lines.map((l, i) => ({ path: `site.lines[${i}].name`, value: l.name })), "line name");
    site.lines.forEach((line, li) => {
        checkIdentifier(issues, `site.lines[${li}].name`, line.name);
        checkUnique(issues, line.assets.map((a, ai) => ({ path: `site.lines[${li}].assets[${ai}].name`, value: a.name })), `asset name in line "${line.name}"`);
        line.assets.forEach((asset, ai) => {
            checkIdentifier(issues, `site.lines[${li}].assets[${ai}].name`, asset.name);
            if (asset.topic !== undefined) {
                checkTopicName(issues, `site.lines[${li}].assets[${ai}].topic`, asset.topic);
            }
        });
    });
    const assets = assetsOf(site);
    checkUnique(issues, assets.map((a) => ({ path: `${a.path}.topic`, value: a.topic })), "asset topic");
    // A `key` dataflow publishes to an asset's key topic; if that is another asset's source topic, the
    // other asset's readings would be mixed with this one's.
    const byTopic = new Map(assets.map((a) => [a.topic, a]));
    for (const a of assets) {
        const other = byTopic.get(a.key);
        if (other && other !== a) {
            issues.add(`${other.path}.topic`, `"${other.topic}" is the partition-key topic of asset "${a.ref}"; republishing that asset would mix its readings into this one's`);
        }
    }
}

function validateIdentity(issues: Problems, path: string, identity: KafkaAuth, allowed: readonly KafkaAuth["type"][]): void {
    if (!allowed.includes(identity.type)) {
        issues.add(`${path}.type`, `"${String(identity.type)}" is not allowed here; use ${allowed.join(" or ")}`);
    } else if (identity.type === "UserAssigned") {
        checkGuid(issues, `${path}.clientId`, identity.clientId);
        checkGuid(issues, `${path}.tenantId`, identity.tenantId);
    } else if (identity.type === "Sasl") {
        checkK8sName(issues, `${path}.secretRef`, identity.secretRef);
    }
}

function validateKafkaBatching(issues: Problems, path: string, b: KafkaBatching): void {
    if (b.latencyMs !== undefined) checkInteger(issues, `${path}.latencyMs`, b.latencyMs, 0, 65535);
    if (b.maxBytes !== undefined) checkInteger(issues, `${path}.maxBytes`, b.maxBytes, 0);
    if (b.maxMessages !== undefined) checkInteger(issues, `${path}.maxMessages`, b.maxMessages, 0);
}

function validateStorageBatching(issues: Problems, path: string, b: StorageBatching): void {
    if (b.latencySeconds !== undefined) checkInteger(issues, `${path}.latencySeconds`, b.latencySeconds, 0, 65535);
    if (b.maxMessages !== undefined) checkInteger(issues, `${path}.maxMessages`, b.maxMessages, 0);
}

/** `host:9093` for an Event Hubs namespace or alias given as a name, FQDN or FQDN:port; undefined when invalid. */
export function eventHubsHost(namespace: string): string | undefined {
    const [fqdnOrName, port, ...rest] = namespace.split(":");
    if (rest.length > 0 || (port !== undefined && Number(port) !== EVENT_HUBS_PORT)) {
        return undefined;
    }
    const fqdn = fqdnOrName.includes(".") ? fqdnOrName : `${fqdnOrName}.servicebus.windows.net`;
    const [label, ...suffix] = fqdn.split(".");
    if (!NAMESPACE_LABEL.test(label) || !suffix.join(".").startsWith("servicebus.")) {
        return undefined;
    }
    return `${fqdn}:${EVENT_HUBS_PORT}`;
}

function validateEndpoint(issues: Problems, path: string, ep: EndpointDescription, identity: ManagedIdentity | undefined): void {
    checkAioName(issues, `${path}.name`, ep.name);
    if (ep.kind !== "localStorage") {
        if (ep.auth) {
            validateIdentity(issues, `${path}.auth`, ep.auth, KAFKA_KINDS.has(ep.kind) ? KAFKA_AUTH : MANAGED_IDENTITIES);
        } else if (!identity) {
            issues.add(`${path}.auth`, `endpoint "${ep.name}" has no authentication: set the component's identity (the user-assigned managed identity for AIO cloud connections: clientId and tenantId) or this endpoint's auth`);
        }
    }
    switch (ep.kind) {
        case "eventHubs":
            if (!eventHubsHost(ep.namespace)) {
                issues.add(`${path}.namespace`, `"${ep.namespace}" is not an Event Hubs namespace or alias: give a name of 6-50 letters, digits and hyphens (starting with a letter), or its <name>.servicebus.<cloud suffix> FQDN; the Kafka port is ${EVENT_HUBS_PORT}`);
            }
            if (ep.compression !== undefined && ep.compression !== "None" && ep.compression !== "Gzip") {
                issues.add(`${path}.compression`, `"${String(ep.compression)}" is not supported by Event Hubs; use None (any tier) or Gzip (Premium and Dedicated only)`);
            }
            if (ep.trustedCaConfigMap !== undefined) checkK8sName(issues, `${path}.trustedCaConfigMap`, ep.trustedCaConfigMap);
            if (ep.batching) validateKafkaBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "eventstream":
            if (!HOST_PORT.test(ep.bootstrapServer)) {
                issues.add(`${path}.bootstrapServer`, `"${ep.bootstrapServer}" must be host:port, as shown in the Eventstream custom endpoint's Kafka details`);
            }
            if (ep.batching) validateKafkaBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "fabricOneLake":
            if (ep.host !== undefined && !FABRIC_HOST.test(ep.host)) {
                issues.add(`${path}.host`, `"${ep.host}" must look like https://<host>.fabric.microsoft.com (or .us)`);
            }
            if (ep.workspaceName.trim() === "") issues.add(`${path}.workspaceName`, "must not be empty");
            if (ep.lakehouseName.trim() === "") issues.add(`${path}.lakehouseName`, "must not be empty");
            if (ep.batching) validateStorageBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "dataLake":
            if (!blobHost(ep.storageAccount)) {
                issues.add(`${path}.storageAccount`, `"${ep.storageAccount}" is neither a storage account name (3-24 lowercase letters and digits) nor a blob endpoint https://<account>.blob.<suffix>`);
            }
            if (ep.batching) validateStorageBatching(issues, `${path}.batching`, ep.batching);
            break;
        case "localStorage":
            checkK8sName(issues, `${path}.persistentVolumeClaim`, ep.persistentVolumeClaim);
            break;
    }
}

/** Every `$n` in `expression` must name one of the `inputs`. */
function checkPositionalRefs(issues: Problems, path: string, inputs: string[], expression: string | undefined): void {
    if (inputs.length === 0) {
        issues.add(`${path}.inputs`, "needs at least one input field");
    }
    inputs.forEach((input, i) => {
        if (input.trim() === "") issues.add(`${path}.inputs[${i}]`, "an input field path must not be empty");
    });
    for (const match of (expression ?? "").matchAll(/\$(\d+)/g)) {
        const n = Number(match[1]);
        if (n < 1 || n > inputs.length) {
            issues.add(`${path}.expression`, `"${expression}" refers to $${n} but there ${inputs.length === 1 ? "is 1 input" : `are ${inputs.length} inputs`} ($1..$${inputs.length})`);
        }
    }
}

function validateHotPath(issues: Problems, path: string, hot: HotPath, site: SiteDescription, endpoints: Map<string, EndpointDescription>): void {
    checkAioName(issues, `${path}.name`, hot.name);
    const endpoint = endpoints.get(hot.endpoint);
    if (!endpoint) {
        issues.add(`${path}.endpoint`, `no endpoint named "${hot.endpoint}" (known: ${[...endpoints.keys()].join(", ") || "none"})`);
    } else if (!KAFKA_KINDS.has(endpoint.kind)) {
        issues.add(`${path}.endpoint`, `endpoint "${hot.endpoint}" is ${endpoint.kind}; a hot path goes to an eventHubs or eventstream endpoint`);
    }
    if (!EVENT_HUB_NAME.test(hot.topic)) {
        issues.add(`${path}.topic`, `"${hot.topic}" is not an event hub (Kafka topic) name: 1-256 letters, digits, ".", "-" and "_", starting and ending with a letter or digit`);
    }
    if ((hot.assets ?? []).length + (hot.topics ?? []).length === 0) {
        issues.add(path, `hot path "${hot.name}" selects nothing: give assets, topics or both`);
    }
    const known = new Set(assetsOf(site).map((a) => a.ref));
    (hot.assets ?? []).forEach((ref, i) => {
        if (!known.has(ref)) {
            issues.add(`${path}.assets[${i}]`, `no asset "${ref}" in the site description (write <line>/<asset>)`);
        }
    });
    (hot.topics ?? []).forEach((topic, i) => {
        const p = `${path}.topics[${i}]`;
        checkTopicFilter(issues, p, topic);
        const levels = topic.split("/");
        if (levels.length !== 3 || levels[0] !== site.site || levels.includes("#")) {
            issues.add(p, `"${topic}" must be shaped ${site.site}/<line>/<asset> ("+" allowed for line and asset, "#" not): the source topic becomes the Kafka partition key`);
        }
    });
    (hot.filters ?? []).forEach((f, i) => {
        checkPositionalRefs(issues, `${path}.filters[${i}]`, f.inputs, f.expression);
        if (f.expression.trim() === "") issues.add(`${path}.filters[${i}].expression`, "a filter needs an expression");
        if (f.description !== undefined) checkMaxLength(issues, `${path}.filters[${i}].description`, f.description, 256);
    });
    (hot.maps ?? []).forEach((m, i) => {
        checkPositionalRefs(issues, `${path}.maps[${i}]`, m.inputs, m.expression);
        if (m.output.trim() === "") issues.add(`${path}.maps[${i}].output`, "a map rule needs an output field");
        if (m.description !== undefined) checkMaxLength(issues, `${path}.maps[${i}].description`, m.description, 256);
    });
}

function validateColdPath(issues: Problems, cold: ColdPath, endpoints: Map<string, EndpointDescription>): void {
    if (cold.name !== undefined) checkAioName(issues, "coldPath.name", cold.name);
    const endpoint = endpoints.get(cold.endpoint);
    if (!endpoint) {
        issues.add("coldPath.endpoint", `no endpoint named "${cold.endpoint}" (known: ${[...endpoints.keys()].join(", ") || "none"})`);
    } else if (!STORAGE_KINDS.has(endpoint.kind)) {
        issues.add("coldPath.endpoint", `endpoint "${cold.endpoint}" is ${endpoint.kind}; the cold path goes to a localStorage, dataLake or fabricOneLake endpoint`);
    } else if (endpoint.kind === "dataLake") {
        checkContainerName(issues, "coldPath.destination", cold.destination);
    } else if (endpoint.kind === "localStorage") {
        checkRelativePath(issues, "coldPath.destination", cold.destination, "the edge volume's subvolume path");
    } else if (cold.destination.trim() === "") {
        issues.add("coldPath.destination", "must name the OneLake table or folder");
    }
    (cold.topics ?? []).forEach((t, i) => checkTopicFilter(issues, `coldPath.topics[${i}]`, t));
    if (cold.topics !== undefined && cold.topics.length === 0) {
        issues.add("coldPath.topics", "an empty list selects nothing; leave it out to take every asset's topic");
    }
    if (!SCHEMA_REF.test(cold.schemaRef)) {
        issues.add("coldPath.schemaRef", `"${cold.schemaRef}" must be a schema registry reference aio-sr://<namespace>/<schema>:<version>; storage destinations need a schema to write Parquet/Delta`);
    }
}

/** Validates the whole description; throws `ValidationError` listing every problem. */
export function validateDataflows(desc: DataflowsDescription, api: ApiCapabilities): void {
    const issues = new Problems("AioDataflows");
    if (!RESOURCE_GROUP.test(desc.resourceGroupName) || desc.resourceGroupName.endsWith(".")) {
        issues.add("resourceGroupName", `"${desc.resourceGroupName}" is not a resource group name (1-90 letters, digits, "-", "_", ".", "(" and ")", not ending with ".")`);
    }
    checkAioName(issues, "instanceName", desc.instanceName);
    if (desc.customLocation.startsWith("/") ? !CUSTOM_LOCATION_ID.test(desc.customLocation) : !/^[a-zA-Z0-9][a-zA-Z0-9-.]{0,62}$/.test(desc.customLocation)) {
        issues.add("customLocation", `"${desc.customLocation}" is neither a custom location name nor an id /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ExtendedLocation/customLocations/<name>`);
    }
    validateSite(issues, desc.site);
    const profileName = desc.profile?.name ?? DEFAULT_PROFILE;
    checkAioName(issues, "profile.name", profileName);
    if (profileName === "default") {
        issues.add("profile.name", `"default" is the profile the AIO deployment owns; creating it here would take it over and delete it on destroy. Pick another name`);
    }
    checkInteger(issues, "profile.instanceCount", desc.profile?.instanceCount ?? 1, 1, 20);
    const broker = desc.localBrokerEndpoint ?? DEFAULT_BROKER_ENDPOINT;
    checkAioName(issues, "localBrokerEndpoint", broker);
    if (desc.identity) validateIdentity(issues, "identity", desc.identity, MANAGED_IDENTITIES);
    if (desc.requestDiskPersistence && !api.dataflowDiskPersistence) {
        issues.add("requestDiskPersistence", `the bound Microsoft.IoTOperations API ${api.version} has no dataflow disk persistence; bind a newer API version in components/edge/aio-api.ts (2026-03-01 has requestDiskPersistence) or leave it off`);
    }
    checkUnique(issues, desc.endpoints.map((e, i) => ({ path: `endpoints[${i}].name`, value: e.name })), "endpoint name");
    desc.endpoints.forEach((ep, i) => {
        validateEndpoint(issues, `endpoints[${i}]`, ep, desc.identity);
        if (ep.name === broker) {
            issues.add(`endpoints[${i}].name`, `"${ep.name}" is the local broker endpoint this component adopts; defining it here would replace (and on destroy delete) the broker endpoint every dataflow needs`);
        }
    });
    const endpoints = new Map(desc.endpoints.map((e) => [e.name, e]));
    if (desc.hotPaths.length === 0 && !desc.coldPath) {
        issues.add("hotPaths", "nothing to build: give at least one hot path or a cold path");
    }
    desc.hotPaths.forEach((hot, i) => validateHotPath(issues, `hotPaths[${i}]`, hot, desc.site, endpoints));
    if (desc.coldPath) validateColdPath(issues, desc.coldPath, endpoints);
    if (issues.all.length === 0) {
        // Names of generated dataflows depend on valid identifiers, so they are checked last.
        const names = dataflowNames(desc);
        names.forEach((n) => checkAioName(issues, n.path, n.name));
        checkUnique(issues, names.map((n) => ({ path: n.path, value: n.name })), "dataflow name");
    }
    issues.throwIfAny();
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/** Assets selected by hot paths whose source topic differs from their key: each gets a `key` dataflow. */
function keyedAssets(desc: DataflowsDescription): { ref: string; key: string; topic: string; path: string; dataflow: string }[] {
    const selected = new Set(desc.hotPaths.flatMap((h) => h.assets ?? []));
    return assetsOf(desc.site)
        .filter((a) => selected.has(a.ref) && a.topic !== a.key)
        .map((a) => ({ ...a, dataflow: `key-${a.ref.replace("/", "-")}` }));
}

function dataflowNames(desc: DataflowsDescription): { path: string; name: string }[] {
    return [
        ...keyedAssets(desc).map((a) => ({ path: `${a.path} (its key dataflow)`, name: a.dataflow })),
        ...desc.hotPaths.map((h, i) => ({ path: `hotPaths[${i}].name`, name: h.name })),
        ...(desc.coldPath ? [{ path: "coldPath.name", name: desc.coldPath.name ?? "cold" }] : []),
    ];
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
            return { endpointType: "Kafka", kafkaSettings: kafkaSettings(eventHubsHost(ep.namespace) as string, auth, ep.batching, { compression: ep.compression, acks: ep.acks, trustedCaConfigMap: ep.trustedCaConfigMap }) };
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
    validateDataflows(desc, api);
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
