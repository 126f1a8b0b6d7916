/** The args of `HybridSite`: one site's description, edge to serving layer. */
import type * as pulumi from "@pulumi/pulumi";
import type { GitOpsDelivery } from "./edge/gitops-plan";
import type { ArchiveContainer } from "./cloud/archive";
import type { ColdTag } from "./edge/cold-schema";
import type { CacheStore, SchemaModel } from "../kusto";
import type { MedallionDashboardOptions } from "./serving/medallion-dashboard";
import type { TemperatureAlertRule } from "./serving/temperature-alert";

/** An asset: its name (publishing to `<site>/<line>/<asset>`), or its name and MQTT topic. */
export type SiteAsset = string | { name: string; topic: string };

export interface SiteEdgeArgs {
    /** Resource id of the custom location of the site's Arc-enabled cluster. */
    customLocationId: string;
    /** Existing AIO instance. Default `aio-<site>`. */
    instanceName?: string;
    /** Resource group of the AIO instance. Default: the site resource group. */
    resourceGroupName?: string;
    /**
     * Identity the dataflows use towards Event Hubs; `principalId` is granted Azure Event Hubs Data
     * Sender on the hub. `type` defaults to `SystemAssigned` (the AIO Arc extension's identity);
     * `clientId` and `tenantId` are required with `UserAssigned`.
     */
    identity: { type?: "SystemAssigned" | "UserAssigned"; principalId: string; clientId?: string; tenantId?: string };
    /** Lines (channels) and their assets; the partition key of every reading is `<site>/<line>/<asset>`. */
    lines: { name: string; assets: SiteAsset[] }[];
    /** The hot path: readings to Event Hubs. Defaults to every tag of every reading. */
    hot?: {
        /** Tag names sent to the cloud; empty sends every tag. Defaults to `[]`. */
        tags?: string[];
        /** Keep a reading when every expression over `$1`.. (= `inputs`) is true. Defaults to `[]`. */
        filters?: { inputs: string[]; expression: string; description?: string }[];
    };
    /** The cold path. Defaults to off. */
    cold?: {
        /** Route every reading to an ACSA cloud-ingest edge volume that uploads to the archive. Defaults to `false`. */
        enabled?: boolean;
        /** Edge volume size, GiB. Defaults to 10. */
        volumeSizeGi?: number;
        /**
         * The written files' schema, registered in the AIO instance's schema registry (adopted by
         * `registryId`) from `tags` (defaults to `hot.tags`); required when enabled. `name` defaults to
         * `<site>-cold`, `version` to `1` (bump it when the tags change).
         */
        schema?: { registryId: string; namespace: string; name?: string; version?: string; tags?: (string | ColdTag)[] };
        /** Object id of the ACSA extension identity (Storage Blob Data Owner on the archive); required when enabled. */
        acsaPrincipalId?: string;
        /** How the volume's objects reach the cluster. Default `{ mode: "direct" }` (needs `kubeconfig`). */
        delivery?: SiteEdgeDelivery;
    };
    /** Dataflow profile instances, 1-20. Defaults to 1. */
    dataflowInstances?: number;
}

/**
 * Delivery of the edge volume: `direct` applies the objects through the cluster's kubeconfig
 * (`EdgeVolume`); `gitops` renders them for a Git folder the Arc cluster's Flux configuration pulls
 * (`EdgeVolumeGitOps`: the deployer needs only ARM). The folder defaults to `clusters/<site>/edge-fabric`.
 */
export type SiteEdgeDelivery = { mode: "direct" } | ({ mode: "gitops" } & Omit<GitOpsDelivery<pulumi.Input<string>>, "site">);

export interface SiteEventHubsArgs {
    /** Adopt this (shared) namespace; the site adds its own hub to it. Default: a namespace of the site's own. */
    namespaceId?: string;
    /** Object id of the adopted namespace's identity (Capture writes the archive with it). */
    capturePrincipalId?: string;
    /** Namespace tier (of the shared namespace when adopting, for the limits). Defaults to `Standard`. */
    sku?: "Standard" | "Premium";
    /** Own namespace name. Default `ef-<site>-<location>`. */
    namespaceName?: string;
    /** Throughput/processing units. Default 1. */
    capacity?: number;
    /** Auto-inflate ceiling (Standard). Default off. */
    maxThroughputUnits?: number;
    /** Default true. */
    zoneRedundant?: boolean;
    /** The site's event hub (Kafka topic of the hot path). Defaults to `telemetry`. */
    hubName?: string;
    /** Partitions of the hub (1-32 on Standard, 1-100 on Premium). Defaults to 4. */
    partitions?: number;
    /** Retention, days (1-7 on Standard, 1-90 on Premium). Defaults to 1. */
    retentionDays?: number;
    /**
     * Event Hubs Capture into the archive (Avro). Defaults to on, every 300 s or 314572800 bytes
     * (300 MiB), whichever comes first (`intervalSeconds` 60-900, `sizeLimitBytes` 10485760-524288000).
     */
    capture?: {
        enabled?: boolean;
        intervalSeconds?: number;
        sizeLimitBytes?: number;
        /**
         * How the deployer gets the account-scope data-plane write that enabling Capture requires:
         * `grant` (the site assigns it Storage Blob Data Contributor on the archive account before
         * creating the hub) or `preassigned` (the account's owner granted it; the plan trusts that).
         * Defaults to `grant` on the site's own account; none on a shared one, where the data-path check
         * fails until one is chosen.
         */
        deployerAccess?: "grant" | "preassigned";
    };
}

export interface SiteArchiveArgs {
    /** Adopt this (shared) account: the site adds its containers, never the account's lifecycle policy. Default: an account of the site's own. */
    storageAccountId?: string;
    /** Own account name. Default `ef<site>archive`. */
    accountName?: string;
    /** Redundancy of the site's own account. Defaults to `RAGRS` (geo-redundant, readable in the paired region, archive tier allowed). */
    redundancy?: "LRS" | "GRS" | "RAGRS" | "ZRS" | "GZRS" | "RAGZRS";
    /** Container names by role. Defaults to `eh-capture`, `edge-ingest`, `kql-export`, prefixed `<site>-` in a shared account. */
    containers?: Partial<Record<ArchiveContainer, string>>;
    /**
     * Tiering of every container, days after last modification; `null` skips a step (delete: keep
     * forever). Defaults to cool 30, cold 90, archive 180, delete `null`.
     */
    lifecycle?: { coolAfterDays?: number; coldAfterDays?: number; archiveAfterDays?: number | null; deleteAfterDays?: number | null };
    /**
     * Continuous export of Silver into the `kqlExport` container (`kql/5-export.kql`), hourly, parquet
     * by ingestion day. The writer gets Storage Blob Data Contributor on the container: the site's own
     * ADX cluster identity, or on Fabric the deployer (the export impersonates whoever creates it; its
     * kind: `deployerPrincipalType`, default `ServicePrincipal`). A shared cluster's identity is the
     * platform's to grant. Defaults to on, except on a Fabric Eventhouse site whose own archive has public
     * access off: an Eventhouse has no documented private path to a storage account (`exportByDefault`),
     * and turning it on there fails `plan` on the hop "Silver export -> archive". The standby database
     * does not export (the archive is geo-redundant).
     */
    export?: { enabled?: boolean; deployerPrincipalType?: "ServicePrincipal" | "User" };
}

/** Fabric Eventhouse serving. */
export interface SiteEventhouseArgs {
    kind: "eventhouse";
    /** KQL database name. Defaults to `telemetry`. */
    databaseName?: string;
    /** Workspace (uuid) of the site's own Eventhouse. */
    workspaceId: pulumi.Input<string>;
    /** A shared Eventhouse (item id) that already holds `databaseName`, with its `queryUri`. Default: an Eventhouse of the site's own. */
    eventhouseId?: pulumi.Input<string>;
    /** Item id of `databaseName` in the shared Eventhouse; the serving layer's items bind to it. Required with `eventhouseId` while the serving layer is on. */
    databaseId?: pulumi.Input<string>;
    queryUri?: pulumi.Input<string>;
    /** Name of the site's own Eventhouse. Default `ef-<site>`. */
    eventhouseName?: string;
    /** Fabric connection to the site's event hub, adopted (it holds a SAS key): the Eventstream reads the hub through it. Default: none. */
    eventHubConnectionId?: pulumi.Input<string>;
    /**
     * How the site's Eventstream gets the readings.
     * - `customEndpoint`: the edge writes to the Eventstream's custom endpoint with its managed identity
     *   (Contributor on the workspace); no key exists, the namespace keeps local auth off.
     * - `eventHubs`: the Eventstream reads the site's event hub with its Azure Event Hubs source, which takes a
     *   shared access key only. Without `eventHubConnectionId` the site creates a Listen-only rule on its hub
     *   (never a namespace-wide one), turns local auth on on its own namespace for it (tag
     *   `edgeFabricLocalAuth: listen-only`; the geo-DR secondary keeps it off), reads the rule's primary key
     *   as a Pulumi secret and puts it into a Fabric cloud connection the source names. One hot dataflow
     *   instead of two; with public access off Fabric reads through its managed private endpoint.
     * Defaults to `eventHubs` when `eventHubConnectionId` is given, else `customEndpoint`.
     */
    eventstreamSource?: "customEndpoint" | "eventHubs";
    /**
     * Who assigns the Fabric workspace roles the data path needs: the AIO identity's Contributor on
     * `workspaceId` (and on `dr.standby.workspaceId` for a Fabric standby), so the edge may write to the
     * Eventstream's custom endpoint. `site`: the site's `pulumi up` assigns them, which needs its deployer
     * to be Member or Admin of the workspace (and Admin to remove them on destroy). `platform`: the
     * workspace's owner granted them (the platform program's `workspace.roles`); the site creates none, its
     * deployer needs only Contributor, and `plan` shows the role as granted by the platform. Defaults to `site`.
     */
    workspaceRolesGrantedBy?: "site" | "platform";
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: string;
    /**
     * OneLake availability: the longest a new row of a mirrored table (Silver, GoldTagStats5mLake) waits
     * before it reaches OneLake and the Lakehouse shortcuts, in whole minutes from 5 to 180 (the mirroring
     * policy's `TargetLatencyInMinutes`). Shorter means more, smaller Parquet files. Applies to the standby
     * database too. Defaults to 60 (`kql/4-lake.kql`).
     */
    oneLakeLatencyMinutes?: number;
}

/** Azure Data Explorer serving. */
export interface SiteAdxArgs {
    kind: "adx";
    /** KQL database name. Defaults to `telemetry`. */
    databaseName?: string;
    /** A shared cluster (ARM id) with its `queryUri`. Default: a cluster of the site's own. */
    clusterId?: string;
    /** Object id of the shared cluster's system identity: granted Data Receiver on the site's hub (and export write). Default: none (granted by the platform). */
    principalId?: pulumi.Input<string>;
    queryUri?: pulumi.Input<string>;
    /** Own cluster SKU. Defaults to `Standard_E2ads_v5`. */
    skuName?: string;
    /** Own cluster instance count (2-1000; Dev SKUs 1). Defaults to 2. */
    capacity?: number;
}

/**
 * Everything a site is made of, written for library users: only `name`, `location`, `edge`
 * (`customLocationId`, `identity.principalId`, `lines`), `serving` (`kind`, and a workspace for an
 * Eventhouse), `schema` and, for a site that owns its namespace or archive account, `network.private`
 * (or `network.publicNetworkAccess: true`) are required; every other field defaults as its TSDoc says, the same
 * defaults the site config applies (`SITE_DEFAULTS`). `siteFromConfig` builds these args from a site
 * config.
 */
export interface HybridSiteArgs {
    /** Site id, 2-12 lowercase letters or digits: the first level of every partition key, part of resource names. */
    name: string;
    /** Region of the site's cloud resources. */
    location: string;
    /** Resource group the site creates for its cloud resources. Default `rg-edge-fabric-<site>`. */
    resourceGroupName?: string;
    /** Tags on every Azure resource the site creates. Defaults to `{}`. */
    tags?: Record<string, string>;
    edge: SiteEdgeArgs;
    /** The site's event hub and its namespace. Defaults to a Standard namespace of the site's own with hub `telemetry`. */
    eventHubs?: SiteEventHubsArgs;
    /** The blob archive. Defaults to a RAGRS account of the site's own. */
    archive?: SiteArchiveArgs;
    /** The serving layer: the KQL database that receives the hub and holds the medallion schema. */
    serving: SiteEventhouseArgs | SiteAdxArgs;
    /**
     * Geo-DR: secondary namespace and alias in `secondaryLocation`; with `standbyDatabase` a standby
     * KQL database there with the same medallion schema, fed from the hub through the alias with the
     * `standby` consumer group: ADX, a cluster of its own in `secondaryLocation`; Fabric, an
     * Eventhouse in `standby.workspaceId` (an existing workspace on a capacity in the paired region,
     * adopted by id), with its own serving layer when the site has one. Defaults to off; `alias`
     * defaults to `ef-<site>-telemetry`, `standbyDatabase` to `false`; `secondaryLocation` is required when on
     * and must be `location`'s documented paired region (https://learn.microsoft.com/azure/reliability/regions-paired)
     * unless `allowUnpairedRegion` (default `false`) says another region is a deliberate choice.
     */
    dr?: { enabled?: boolean; secondaryLocation?: string; allowUnpairedRegion?: boolean; alias?: string; standbyDatabase?: boolean; standby?: SiteFabricStandbyArgs };
    /** The Real-Time Dashboard over Gold (Fabric only): the medallion dashboard's options. Default: on for an Eventhouse. */
    dashboard?: { enabled?: boolean } & Omit<MedallionDashboardOptions, "extraTiles">;
    /** The batch layer (Fabric only): a Lakehouse with a OneLake shortcut per mirrored table of `schema`. Default: on for an Eventhouse. */
    lakehouse?: { enabled?: boolean; lakehouseId?: pulumi.Input<string>; displayName?: string };
    /** Activator alerts over Gold (Fabric only, EXPERIMENTAL). Default: none. */
    alerts?: { enabled: boolean; rules: TemperatureAlertRule[] };
    /**
     * The schema model of the KQL scripts (`await loadSiteSchema()` reads the bundled `kql/`; loaded
     * once by the caller, since loading is asynchronous and a constructor is not): every dashboard and
     * alert query is analysed against it before anything is registered, and its mirrored tables get
     * the Lakehouse shortcuts. Required: an ADX site does not read it, but a type that required it
     * only for some sites would let the Fabric case compile and fail at run time.
     */
    schema: SchemaModel;
    /** Where the query check's verdicts persist between runs (the CLI passes its disk cache). Default: in memory only. */
    queryCache?: CacheStore;
    /**
     * Network access of the site's own namespace and account. Defaults to public access off, which
     * needs `private` (a subnet for the private endpoints): give `network.private`, or
     * `publicNetworkAccess: true`.
     */
    network?: SiteNetworkArgs;
    /** Kubeconfig of the Arc cluster (secret), for the cold path's edge volume. Required when `edge.cold.enabled`. */
    kubeconfig?: pulumi.Input<string>;
    /**
     * Where these args were read from (the stack program passes `edge-fabric:site`): serving-layer
     * problems name their values under it. Default: none, so paths name these args (`dashboard.pages[0]`).
     */
    configPath?: string;
}

/**
 * Network access of the site's own namespace and account. With `publicNetworkAccess: false`,
 * `private` is required: private endpoints in `subnetId` for the namespace and the account, the
 * `privatelink.servicebus.windows.net` and `privatelink.blob.core.windows.net` zones (created and
 * linked to the subnet's VNet, or existing ones by `dnsZoneIds`), and a Fabric managed private
 * endpoint for an Eventstream that reads the hub.
 */
export interface SiteNetworkArgs {
    /** Public network access on the site's own namespace and account. Defaults to `false` (private endpoints only). */
    publicNetworkAccess?: boolean;
    /** Private endpoints in `subnetId` (ARM id of a subnet); DNS zones the site creates unless `dnsZoneIds` names existing ones. Required when `publicNetworkAccess` is false. */
    private?: { subnetId: string; dnsZoneIds?: { serviceBus: string; blob: string } };
}

/** The Fabric standby of a site with `dr.standbyDatabase`. */
export interface SiteFabricStandbyArgs {
    /** Existing workspace on a Fabric capacity in the paired region, adopted by id. */
    workspaceId: pulumi.Input<string>;
    /**
     * Fabric cloud connection to the geo-DR alias host: the standby Eventstream reads the hub through it
     * (a SAS key, which needs local auth on the namespace). Defaults to none: the standby Eventstream gets
     * a custom endpoint the edge writes to with its managed identity (Contributor on the standby
     * workspace), a third hot dataflow `hot-fabric-standby`, no key.
     */
    eventHubConnectionId?: pulumi.Input<string>;
    /** Default `ef-<site>-standby`. */
    eventhouseName?: string;
}

