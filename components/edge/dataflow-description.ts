/**
 * What users write to describe a site's AIO dataflows (`AioDataflows`): endpoints, the plant's lines
 * and assets, hot paths and the cold path, as plain data. Validated by `dataflow-validation.ts` and
 * turned into ARM-shaped properties by `dataflow-plan.ts`.
 *
 * Facts used:
 * - Kafka endpoint defaults/enums and Event Hubs on port 9093: learn "Configure Azure Event Hubs and
 *   Kafka data flow endpoints" (howto-configure-kafka-endpoint.md, ms.date 06/17/2025).
 * - Fabric Eventstream custom endpoint speaks Kafka: bootstrap server + topic `es_<guid>`, Entra ID or
 *   SAS key (howto-configure-fabric-real-time-intelligence).
 */

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
