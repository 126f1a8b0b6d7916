/**
 * `HybridSite`: one site's whole data path from one description: the AIO dataflows on the plant's
 * Arc cluster (hot path to Event Hubs keyed `site/line/asset`, cold path to an ACSA edge volume),
 * Event Hubs with Capture, the blob archive with lifecycle tiering, and geo-DR. A site is either
 * self-contained (its own namespace and account: data residency) or joins a shared platform
 * (adopted namespace and account by id).
 *
 * The stack program (`stacks/site.ts`) builds the args from validated stack config; library users
 * pass the same shape directly.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { AioDataflows } from "./edge/aio-dataflows";
import { EdgeVolume } from "./edge/edge-volume";
import { EdgeVolumeGitOps } from "./edge/edge-volume-gitops";
import type { EdgeVolumeDescription } from "./edge/edge-volume-model";
import type { GitOpsDelivery } from "./edge/gitops-model";
import type { EndpointDescription, ManagedIdentity } from "./edge/dataflow-model";
import { EventHubsIngestion, type PublicNetworkAccess } from "./cloud/eventhubs";
import { ArchiveStorage, type ArchiveContainer, type ArchiveSku } from "./cloud/archive";
import { DisasterRecovery, DISASTER_RECOVERY_DEFAULTS, type StandbyContext, type StandbyDatabase } from "./cloud/disaster-recovery";
import { parseArmId } from "./cloud/rules/arm";
import type { LifecycleRule } from "./cloud/rules/lifecycle";
import { MedallionSchema, type MedallionArchiveExportArgs } from "./cloud/medallion";
import type { PrincipalRef } from "./cloud/roles";
import { Eventhouse } from "./cloud/eventhouse";
import { AdxDatabase, type AdxDatabaseArgs } from "./cloud/adx-database";
import type { CacheStore, SchemaModel } from "../kusto";
import { RealTimeDashboard, checkedDashboardSpec, type QueryAnalyzer, type ServingDatabase } from "./serving/real-time-dashboard";
import { Alerts, checkedAlertsTemplate } from "./serving/alerts";
import { BatchLakehouse } from "./serving/batch-lakehouse";
import { queryAnalyzer } from "./serving/query-check";
import { servingLayerOn } from "./serving/site-layer";
import { joinPath } from "./validation";
import type { MedallionDashboardOptions } from "./serving/medallion-dashboard";
import type { TemperatureAlertRule } from "./serving/temperature-alert";

/** Azure tag with which a resource records that its public network access is deliberate (read by the policy pack). */
export const PUBLIC_ACCESS_TAG = "edgeFabricPublicNetworkAccess";

/** An asset: its name (publishing to `<site>/<line>/<asset>`), or its name and MQTT topic. */
export type SiteAsset = string | { name: string; topic: string };

export interface SiteEdgeArgs {
    /** Resource id of the custom location of the site's Arc-enabled cluster. */
    customLocationId: string;
    /** Existing AIO instance. Default `aio-<site>`. */
    instanceName?: string;
    /** Resource group of the AIO instance. Default: the site resource group. */
    resourceGroupName?: string;
    /** Identity the dataflows use towards Event Hubs; `principalId` is granted Azure Event Hubs Data Sender on the hub. */
    identity: { type: "SystemAssigned" | "UserAssigned"; principalId: string; clientId?: string; tenantId?: string };
    /** Lines (channels) and their assets; the partition key of every reading is `<site>/<line>/<asset>`. */
    lines: { name: string; assets: SiteAsset[] }[];
    hot: {
        /** Tag names sent to the cloud; empty sends every tag. */
        tags: string[];
        /** Keep a reading when every expression over `$1`.. (= `inputs`) is true. */
        filters: { inputs: string[]; expression: string; description?: string }[];
    };
    cold: {
        /** Route every reading to an ACSA cloud-ingest edge volume that uploads to the archive. */
        enabled: boolean;
        /** Edge volume size, GiB. */
        volumeSizeGi: number;
        /** Schema registry reference of the written files (`aio-sr://...`); required when enabled. */
        schemaRef?: string;
        /** Object id of the ACSA extension identity (Storage Blob Data Owner on the archive); required when enabled. */
        acsaPrincipalId?: string;
        /** How the volume's objects reach the cluster. Default `{ mode: "direct" }` (needs `kubeconfig`). */
        delivery?: SiteEdgeDelivery;
    };
    /** Dataflow profile instances, 1-20. */
    dataflowInstances: number;
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
    /** Namespace tier (of the shared namespace when adopting, for the limits). */
    sku: "Standard" | "Premium";
    /** Own namespace name. Default `ef-<site>-<location>`. */
    namespaceName?: string;
    /** Throughput/processing units. Default 1. */
    capacity?: number;
    /** Auto-inflate ceiling (Standard). Default off. */
    maxThroughputUnits?: number;
    /** Default true. */
    zoneRedundant?: boolean;
    /** The site's event hub (Kafka topic of the hot path). */
    hubName: string;
    partitions: number;
    retentionDays: number;
    capture: { enabled: boolean; intervalSeconds: number; sizeLimitBytes: number };
}

export interface SiteArchiveArgs {
    /** Adopt this (shared) account: the site adds its containers, never the account's lifecycle policy. Default: an account of the site's own. */
    storageAccountId?: string;
    /** Own account name. Default `ef<site>archive`. */
    accountName?: string;
    redundancy: "LRS" | "GRS" | "RAGRS" | "ZRS" | "GZRS" | "RAGZRS";
    /** Container names by role; defaults `eh-capture`, `edge-ingest`, `kql-export`, prefixed `<site>-` in a shared account. */
    containers: Partial<Record<ArchiveContainer, string>>;
    /** Tiering of every container, days after last modification; `null` skips a step (delete: keep forever). */
    lifecycle: { coolAfterDays: number; coldAfterDays: number; archiveAfterDays: number | null; deleteAfterDays: number | null };
    /**
     * Continuous export of Silver into the `kqlExport` container (`kql/5-export.kql`), hourly, parquet
     * by ingestion day. The writer gets Storage Blob Data Contributor on the container: the site's own
     * ADX cluster identity, or on Fabric the deployer (the export impersonates whoever creates it; its
     * kind: `deployerPrincipalType`, default `ServicePrincipal`). A shared cluster's identity is the
     * platform's to grant. Default: on. The standby database does not export (the archive is geo-redundant).
     */
    export?: { enabled: boolean; deployerPrincipalType?: "ServicePrincipal" | "User" };
}

/** Fabric Eventhouse serving. */
export interface SiteEventhouseArgs {
    kind: "eventhouse";
    /** KQL database name. */
    databaseName: string;
    /** Workspace (uuid) of the site's own Eventhouse. */
    workspaceId: pulumi.Input<string>;
    /** A shared Eventhouse (item id) that already holds `databaseName`, with its `queryUri`. Default: an Eventhouse of the site's own. */
    eventhouseId?: pulumi.Input<string>;
    /** Item id of `databaseName` in the shared Eventhouse; the serving layer's items bind to it. Required with `eventhouseId` while the serving layer is on. */
    databaseId?: pulumi.Input<string>;
    queryUri?: pulumi.Input<string>;
    /** Name of the site's own Eventhouse. Default `ef-<site>`. */
    eventhouseName?: string;
    /** Fabric connection to the site's event hub: adds an Eventstream Event Hubs -> Bronze. Default: none. */
    eventHubConnectionId?: pulumi.Input<string>;
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: string;
}

/** Azure Data Explorer serving. */
export interface SiteAdxArgs {
    kind: "adx";
    databaseName: string;
    /** A shared cluster (ARM id) with its `queryUri`. Default: a cluster of the site's own. */
    clusterId?: string;
    queryUri?: pulumi.Input<string>;
    /** Own cluster SKU and instance count. */
    skuName: string;
    capacity: number;
}

/** Everything a site is made of. Validated by `stacks/config.ts` when it comes from stack config. */
export interface HybridSiteArgs {
    /** Site id, 2-12 lowercase letters or digits: the first level of every partition key, part of resource names. */
    name: string;
    /** Region of the site's cloud resources. */
    location: string;
    /** Resource group the site creates for its cloud resources. Default `rg-edge-fabric-<site>`. */
    resourceGroupName?: string;
    /** Tags on every Azure resource the site creates. */
    tags: Record<string, string>;
    edge: SiteEdgeArgs;
    eventHubs: SiteEventHubsArgs;
    archive: SiteArchiveArgs;
    /** The serving layer: the KQL database that receives the hub and holds the medallion schema. */
    serving: SiteEventhouseArgs | SiteAdxArgs;
    /**
     * Geo-DR: secondary namespace and alias in `secondaryLocation`; with `standbyDatabase` a standby
     * KQL database there with the same medallion schema, fed from the hub through the alias with the
     * `standby` consumer group: ADX, a cluster of its own in `secondaryLocation`; Fabric, an
     * Eventhouse in `standby.workspaceId` (an existing workspace on a capacity in the paired region,
     * adopted by id), with its own serving layer when the site has one.
     */
    dr: { enabled: boolean; secondaryLocation?: string; alias?: string; standbyDatabase?: boolean; standby?: SiteFabricStandbyArgs };
    /** The Real-Time Dashboard over Gold (Fabric only): the medallion dashboard's options. Default: on for an Eventhouse. */
    dashboard?: { enabled?: boolean } & Omit<MedallionDashboardOptions, "extraTiles">;
    /** The batch layer (Fabric only): a Lakehouse with a OneLake shortcut per mirrored table of `schema`. Default: on for an Eventhouse. */
    lakehouse?: { enabled?: boolean; lakehouseId?: pulumi.Input<string>; displayName?: string };
    /** Activator alerts over Gold (Fabric only, EXPERIMENTAL). Default: none. */
    alerts?: { enabled: boolean; rules: TemperatureAlertRule[] };
    /**
     * The schema model of the KQL scripts (`loadSchema` over `kql/`, loaded once by the caller):
     * every dashboard and alert query is analysed against it before anything is registered, and its
     * mirrored tables get the Lakehouse shortcuts. Required while the Fabric serving layer is on.
     */
    schema?: SchemaModel;
    /** Where the query check's verdicts persist between runs (the CLI passes its disk cache). Default: in memory only. */
    queryCache?: CacheStore;
    network: { publicNetworkAccess: boolean };
    /** Kubeconfig of the Arc cluster (secret), for the cold path's edge volume. Required when `edge.cold.enabled`. */
    kubeconfig?: pulumi.Input<string>;
    /**
     * Where these args were read from (the stack program passes `edge-fabric:site`): serving-layer
     * problems name their values under it. Default: none, so paths name these args (`dashboard.pages[0]`).
     */
    configPath?: string;
}

/** The Fabric standby of a site with `dr.standbyDatabase`. */
export interface SiteFabricStandbyArgs {
    /** Existing workspace on a Fabric capacity in the paired region, adopted by id. */
    workspaceId: pulumi.Input<string>;
    /** Fabric cloud connection to the geo-DR alias host: the standby Eventstream reads the hub through it. */
    eventHubConnectionId: pulumi.Input<string>;
    /** Default `ef-<site>-standby`. */
    eventhouseName?: string;
}

/** The site's data path as plain data (what `edge-fabric plan` draws). */
export interface DataPath {
    site: string;
    /** `<site>/<line>/<asset>` keys and the MQTT topic each asset publishes to. */
    assets: { key: string; topic: string }[];
    dataflows: { name: string; role: "key" | "hot" | "cold"; endpoints: string[] }[];
    eventHubs: { namespace: string; hub: string; shared: boolean; partitions: number; capture: boolean; consumerGroups: string[] };
    /** `export`: Silver is continuously exported into the `kqlExport` container (`archive.export`), running as `runsAs`. */
    archive: { account: string; shared: boolean; containers: Record<ArchiveContainer, string>; lifecycle: string; export?: { runsAs: string } };
    edgeVolume?: { claim: string; path: string; delivery: "direct" | "gitops"; repository?: string };
    dr?: { alias: string; secondaryLocation: string; standbyDatabase: boolean };
    /** `shared`: the site applies its schema in an existing Eventhouse / cluster. */
    serving: { kind: "eventhouse" | "adx"; databaseName: string; shared: boolean };
    /** The Fabric serving layer, when on: dashboard title, Activator rule names, Lakehouse and its shortcut tables; `standby`: the standby region has the same. */
    servingLayer?: { dashboard?: string; alerts?: string[]; lakehouse?: { name: string; shortcuts: string[] }; standby: boolean };
}

/** The items of one region's serving layer, as the data path lists them. */
type ServingLayerPath = Omit<NonNullable<DataPath["servingLayer"]>, "standby">;

/** What the serving layer needs from the site, built (and checked) once for the primary and the standby. */
interface ServingLayerInputs {
    on: ReturnType<typeof servingLayerOn>;
    dashboard: { site: string; defaults?: MedallionDashboardOptions; analyze: QueryAnalyzer; configPath: string };
    alerts: { site: string; rules: TemperatureAlertRule[]; analyze: QueryAnalyzer; configPath: string };
    /** Tables whose mirroring policy is on: one Lakehouse shortcut each. */
    mirrored: string[];
}

const ROLES: ArchiveContainer[] = ["capture", "edgeIngest", "kqlExport"];
const DEFAULT_CONTAINERS: Record<ArchiveContainer, string> = { capture: "eh-capture", edgeIngest: "edge-ingest", kqlExport: "kql-export" };
/** The consumer group the serving layer (Eventhouse / ADX) reads the hub through. */
export const SERVING_CONSUMER_GROUP = "eventhouse";

/**
 * One site, edge to archive. Children: the site resource group, `ArchiveStorage`,
 * `EventHubsIngestion`, `DisasterRecovery` (when on), `EdgeVolume` (cold path) and `AioDataflows`.
 */
export class HybridSite extends pulumi.ComponentResource {
    readonly resourceGroupName: pulumi.Output<string>;
    /** ARM id of the Event Hubs namespace (own or shared). */
    readonly eventHubsNamespaceId: pulumi.Output<string>;
    /** Host the edge publishes to: the geo-DR alias when DR is on, else the namespace. */
    readonly eventHubsHost: pulumi.Output<string>;
    /** ARM id of the site's event hub. */
    readonly eventHubId: pulumi.Output<string>;
    readonly archiveAccountId: pulumi.Output<string>;
    /** Names of the AIO dataflows created. */
    readonly dataflowNames: pulumi.Output<string[]>;
    /** The data path as plain data. */
    readonly dataPath: DataPath;
    /** The children, for composing more (e.g. the serving layer) on top. */
    readonly parts: {
        eventHubs: EventHubsIngestion;
        archive: ArchiveStorage;
        dr?: DisasterRecovery;
        edgeVolume?: EdgeVolume | EdgeVolumeGitOps;
        dataflows: AioDataflows;
        serving?: Eventhouse | AdxDatabase;
        medallion: MedallionSchema;
        dashboard?: RealTimeDashboard;
        alerts?: Alerts;
        lakehouse?: BatchLakehouse;
    };
    /** Query URI and database of the site's KQL database. */
    readonly queryUri: pulumi.Output<string>;
    readonly databaseName: pulumi.Output<string>;

    constructor(name: string, args: HybridSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        // The serving layer's config and queries are checked before anything is registered.
        const layer = servingLayerInputs(name, args);
        super("edge-fabric:site:HybridSite", name, {}, opts);
        const site = args.name;
        const open = args.network.publicNetworkAccess;
        const publicNetworkAccess: PublicNetworkAccess = open ? "Enabled" : "Disabled";
        const tags = { ...args.tags, "edge-fabric:site": site, ...(open ? { [PUBLIC_ACCESS_TAG]: "allowed" } : {}) };
        const parent = { parent: this };

        const rgName = args.resourceGroupName ?? `rg-edge-fabric-${site}`;
        const rg = new ResourceGroup(`${name}-rg`, { resourceGroupName: rgName, location: args.location, tags }, parent);

        const archive = this.archive(name, args, rg, publicNetworkAccess, tags);
        const eh = args.eventHubs;
        const namespaceName = eh.namespaceId ? parseArmId(eh.namespaceId, "Microsoft.EventHub", "namespaces", "eventHubs.namespaceId").name : (eh.namespaceName ?? `ef-${site}-${args.location}`.slice(0, 50));
        const standby = args.dr.enabled && args.dr.standbyDatabase === true;
        const consumerGroups = [SERVING_CONSUMER_GROUP, ...(standby ? [DISASTER_RECOVERY_DEFAULTS.standbyConsumerGroup] : [])];
        const eventHubs = new EventHubsIngestion(
            `${name}-eventhubs`,
            {
                ...(eh.namespaceId
                    ? { existingNamespace: { id: eh.namespaceId, capturePrincipalId: eh.capturePrincipalId } }
                    : {
                          resourceGroupName: rg.name,
                          location: args.location,
                          namespaceName,
                          capacity: eh.capacity,
                          autoInflateMaximum: eh.maxThroughputUnits ?? false,
                          zoneRedundant: eh.zoneRedundant,
                          publicNetworkAccess,
                          tags,
                      }),
                sku: eh.sku,
                hubs: [{ name: eh.hubName, partitionCount: eh.partitions, retentionDays: eh.retentionDays, consumerGroups }],
                capture: eh.capture.enabled
                    ? { storageAccountId: archive.accountId, containerName: archive.containerNames.capture, intervalSeconds: eh.capture.intervalSeconds, sizeLimitBytes: eh.capture.sizeLimitBytes }
                    : undefined,
                senders: [{ name: "aio", principalId: args.edge.identity.principalId }],
            },
            parent,
        );

        // The hub's ARM id from names known up front (the namespace's own id for a shared one), so
        // consumers that parse it (the ADX data connections) see a real id in previews too.
        const namespaceId = eh.namespaceId ?? pulumi.interpolate`/subscriptions/${getClientConfigOutput({ parent: this }).subscriptionId}/resourceGroups/${rgName}/providers/Microsoft.EventHub/namespaces/${namespaceName}`;
        const hubId = pulumi.interpolate`${namespaceId}/eventhubs/${eh.hubName}`;

        const alias = args.dr.alias ?? `ef-${site}-telemetry`;
        const dr = args.dr.enabled
            ? new DisasterRecovery(
                  `${name}-dr`,
                  {
                      primary: eventHubs,
                      primaryLocation: args.location,
                      secondaryLocation: args.dr.secondaryLocation as string,
                      alias,
                      archive: args.archive.storageAccountId ? undefined : archive,
                      standby: standby ? (ctx) => this.standby(name, args, rg, eventHubs, hubId, ctx, layer) : undefined,
                      tags,
                  },
                  parent,
              )
            : undefined;

        const cold = args.edge.cold;
        const edgeVolume = cold.enabled ? this.edgeVolume(name, args, archive) : undefined;
        // The edge connects to the alias when there is one, so a failover needs no change at the plant.
        const endpoints: EndpointDescription[] = [{ kind: "eventHubs", name: "eventhubs", namespace: dr ? alias : namespaceName }];
        if (edgeVolume) {
            endpoints.push({ kind: "localStorage", name: "edge-volume", persistentVolumeClaim: edgeVolume.claimName });
        }
        const assets = args.edge.lines.flatMap((l) => l.assets.map((a) => `${l.name}/${typeof a === "string" ? a : a.name}`));
        const dataflows = new AioDataflows(
            `${name}-dataflows`,
            {
                resourceGroupName: args.edge.resourceGroupName ?? rgName,
                instanceName: args.edge.instanceName ?? `aio-${site}`,
                customLocation: args.edge.customLocationId,
                site: { site, lines: args.edge.lines.map((l) => ({ name: l.name, assets: l.assets.map((a) => (typeof a === "string" ? { name: a } : a)) })) },
                endpoints,
                hotPaths: [
                    {
                        name: "hot",
                        assets,
                        filters: args.edge.hot.filters,
                        maps: args.edge.hot.tags.map((t) => ({ inputs: [t], output: t })),
                        passThrough: args.edge.hot.tags.length === 0,
                        endpoint: "eventhubs",
                        topic: eh.hubName,
                    },
                ],
                coldPath: edgeVolume ? { endpoint: "edge-volume", destination: edgeVolume.path, schemaRef: cold.schemaRef as string } : undefined,
                identity: edgeIdentity(args.edge.identity),
                profile: { instanceCount: args.edge.dataflowInstances },
            },
            // Publishing starts once the hub, its sender role and (with DR) the alias exist.
            { parent: this, dependsOn: [eventHubs, ...(dr ? [dr] : []), ...(edgeVolume ? [edgeVolume] : [])] },
        );

        const { target, medallion, database } = this.serving(name, args, rg, eventHubs, hubId, archive);
        const items = layer && database ? this.servingLayer(name, args, database, this, layer) : undefined;

        this.parts = { eventHubs, archive, dr, edgeVolume, dataflows, serving: target, medallion, ...items?.components };
        this.queryUri = target?.queryServiceUri ?? pulumi.output(args.serving.queryUri as pulumi.Input<string>);
        this.databaseName = target?.databaseName ?? pulumi.output(args.serving.databaseName);
        this.resourceGroupName = rg.name;
        this.eventHubsNamespaceId = eventHubs.namespaceId;
        this.eventHubsHost = dr ? dr.aliasHost : eventHubs.host;
        this.eventHubId = eventHubs.eventHubIds[eh.hubName];
        this.archiveAccountId = archive.accountId;
        this.dataflowNames = dataflows.dataflowNames;
        const lc = args.archive.lifecycle;
        this.dataPath = {
            site,
            assets: dataflows.plan.partitionKeys.map((k) => ({ key: k.key, topic: k.sourceTopic })),
            dataflows: dataflows.plan.dataflows.map((d) => ({ name: d.name, role: d.role, endpoints: d.endpointRefs })),
            eventHubs: { namespace: namespaceName, hub: eh.hubName, shared: eh.namespaceId !== undefined, partitions: eh.partitions, capture: eh.capture.enabled, consumerGroups },
            archive: {
                account: args.archive.storageAccountId ? parseArmId(args.archive.storageAccountId, "Microsoft.Storage", "storageAccounts", "archive.storageAccountId").name : siteArchiveAccount(args),
                shared: args.archive.storageAccountId !== undefined,
                containers: archive.containerNames,
                lifecycle: args.archive.storageAccountId
                    ? "lifecycle owned by the shared account"
                    : [`cool ${lc.coolAfterDays}d`, `cold ${lc.coldAfterDays}d`, lc.archiveAfterDays === null ? undefined : `archive ${lc.archiveAfterDays}d`, lc.deleteAfterDays === null ? "kept" : `delete ${lc.deleteAfterDays}d`].filter(Boolean).join(" -> "),
                export: exportOn(args) ? { runsAs: args.serving.kind === "adx" ? "the ADX cluster's system identity" : "the deployer (impersonation)" } : undefined,
            },
            edgeVolume: edgeVolume
                ? { claim: edgeVolume.claimName, path: edgeVolume.path, ...(cold.delivery?.mode === "gitops" ? { delivery: "gitops" as const, repository: cold.delivery.repository.url } : { delivery: "direct" as const }) }
                : undefined,
            dr: dr ? { alias, secondaryLocation: args.dr.secondaryLocation as string, standbyDatabase: standby } : undefined,
            serving: { kind: args.serving.kind, databaseName: args.serving.databaseName, shared: target === undefined },
            servingLayer: items ? { ...items.path, standby: dr?.standby !== undefined } : undefined,
        };
        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            eventHubsNamespaceId: this.eventHubsNamespaceId,
            eventHubsHost: this.eventHubsHost,
            archiveAccountId: this.archiveAccountId,
            dataflowNames: this.dataflowNames,
            queryUri: this.queryUri,
            databaseName: this.databaseName,
        });
    }

    /**
     * The standby KQL database in the paired region with the same medallion schema, reading the hub
     * through the alias with its own consumer group: an ADX cluster of its own there, or a Fabric
     * Eventhouse in the standby workspace with its own serving layer (items bind to item ids, so the
     * standby region gets its own, from the standby database's outputs).
     */
    private standby(name: string, args: HybridSiteArgs, rg: ResourceGroup, eventHubs: EventHubsIngestion, hubId: pulumi.Output<string>, ctx: StandbyContext, layer: ServingLayerInputs | undefined): StandbyDatabase {
        const s = args.serving;
        if (s.kind === "eventhouse") {
            const st = args.dr.standby;
            if (st === undefined) {
                throw new pulumi.RunError(`HybridSite "${name}": dr.standby (workspaceId, eventHubConnectionId) is required for a Fabric standby database`);
            }
            const eventhouse = new Eventhouse(`${name}-standby`, { workspaceId: st.workspaceId, eventhouseName: st.eventhouseName ?? `ef-${args.name}-standby`, databaseName: s.databaseName, apiBaseUrl: s.apiBaseUrl }, { parent: ctx.parent });
            const medallion = new MedallionSchema(`${name}-standby-medallion`, { clusterUri: eventhouse.queryServiceUri, database: eventhouse.databaseName }, { parent: ctx.parent });
            eventhouse.addEventstream({ eventHubConnectionId: st.eventHubConnectionId, consumerGroup: ctx.consumerGroup, dependsOn: [medallion] });
            if (layer) {
                this.servingLayer(`${name}-standby`, args, eventhouseDatabase(eventhouse), ctx.parent, layer, `standby, ${ctx.location}`);
            }
            return { queryServiceUri: eventhouse.queryServiceUri, databaseName: eventhouse.databaseName };
        }
        if (s.clusterId !== undefined) {
            throw new pulumi.RunError(`HybridSite "${name}": dr.standbyDatabase needs a cluster of the site's own (a shared cluster's standby belongs to the platform)`);
        }
        const db = this.adxWithSchema(`${name}-standby`, args, { cluster: { resourceGroupName: rg.name, location: ctx.location, skuName: s.skuName, capacity: s.capacity, publicNetworkAccess: args.network.publicNetworkAccess ? "Enabled" : "Disabled" } }, eventHubs, hubId, ctx.consumerGroup, ctx.parent);
        return { queryServiceUri: db.target.queryServiceUri, databaseName: db.target.databaseName };
    }

    /**
     * The Fabric serving layer over one KQL database: the Real-Time Dashboard, the Activator alerts
     * and the batch Lakehouse with a shortcut per mirrored table. `region` marks the standby's items
     * (titles and names), so users can tell the two regions apart.
     */
    private servingLayer(name: string, args: HybridSiteArgs, database: ServingDatabase, parent: pulumi.Resource, layer: ServingLayerInputs, region?: string): { components: Pick<HybridSite["parts"], "dashboard" | "alerts" | "lakehouse">; path: ServingLayerPath } {
        const s = args.serving as SiteEventhouseArgs;
        const opts = { parent };
        const suffix = region === undefined ? "" : ` (${region})`;
        const title = `${layer.dashboard.defaults?.title ?? `${args.name} telemetry`}${suffix}`;
        const dashboard = layer.on.dashboard ? new RealTimeDashboard(`${name}-dashboard`, { ...layer.dashboard, database, defaults: { ...layer.dashboard.defaults, title }, apiBaseUrl: s.apiBaseUrl }, opts) : undefined;
        const rules = layer.alerts.rules;
        const alerts = layer.on.alerts ? new Alerts(`${name}-alerts`, { ...layer.alerts, database, displayName: `${args.name} alerts${suffix}`, apiBaseUrl: s.apiBaseUrl }, opts) : undefined;
        const lakehouseName = args.lakehouse?.displayName ?? `${args.name}_lakehouse`;
        const lakehouse = layer.on.lakehouse
            ? new BatchLakehouse(
                  `${name}-lakehouse`,
                  {
                      site: args.name,
                      workspaceId: database.workspaceId,
                      // An adopted Lakehouse is the primary's; the standby region gets one of its own.
                      lakehouseId: region === undefined ? args.lakehouse?.lakehouseId : undefined,
                      displayName: lakehouseName,
                      source: { workspaceId: database.workspaceId, databaseId: database.databaseId },
                      tables: layer.mirrored,
                      apiBaseUrl: s.apiBaseUrl,
                  },
                  opts,
              )
            : undefined;
        return {
            components: { dashboard, alerts, lakehouse },
            path: {
                dashboard: dashboard ? title : undefined,
                alerts: alerts ? rules.map((r) => r.name) : undefined,
                lakehouse: lakehouse ? { name: lakehouseName, shortcuts: layer.mirrored } : undefined,
            },
        };
    }

    /** An ADX database, its medallion schema, and the hub -> Bronze data connection created after the schema. */
    private adxWithSchema(
        name: string,
        args: HybridSiteArgs,
        cluster: Pick<AdxDatabaseArgs, "cluster" | "existingCluster">,
        eventHubs: EventHubsIngestion,
        hubId: pulumi.Output<string>,
        consumerGroup: string,
        parent: pulumi.Resource,
        archive?: ArchiveStorage,
    ): { target: AdxDatabase; medallion: MedallionSchema } {
        const adx = new AdxDatabase(name, { ...cluster, databaseName: args.serving.databaseName }, { parent });
        // The cluster's system identity writes the export; a shared cluster's is granted by the platform.
        const writer = adx.principalId === undefined ? undefined : { name: "adx", principalId: adx.principalId.apply((p) => p ?? "") };
        const archiveExport = archive && exportOn(args) ? siteArchiveExport(archive, "adx", writer) : undefined;
        const medallion = new MedallionSchema(`${name}-medallion`, { clusterUri: adx.queryServiceUri, database: adx.databaseName, archiveExport }, { parent });
        adx.addEventHubConnection({
            eventHubResourceId: hubId,
            consumerGroup,
            // The partition key (site/line/asset) travels into Bronze with each document.
            eventSystemProperties: ["x-opt-partition-key"],
            // A shared cluster's identity is granted by the platform; the site's own cluster gets the role here.
            grantReceiverRole: cluster.cluster !== undefined,
            dependsOn: [medallion, eventHubs],
        });
        return { target: adx, medallion };
    }

    /**
     * The KQL database (own Eventhouse or ADX database, or a shared one), its medallion schema, and the
     * ingestion from the hub into Bronze, which waits for the schema (Bronze and its mapping).
     */
    private serving(
        name: string,
        args: HybridSiteArgs,
        rg: ResourceGroup,
        eventHubs: EventHubsIngestion,
        hubId: pulumi.Output<string>,
        archive: ArchiveStorage,
    ): { target?: Eventhouse | AdxDatabase; medallion: MedallionSchema; database?: ServingDatabase } {
        const s = args.serving;
        const parent = { parent: this };
        // Fabric has no managed identity for the export: it runs as the principal that creates it, the deployer.
        const deployer = () => ({ name: "deployer", principalId: getClientConfigOutput({ parent: this }).objectId, principalType: args.archive.export?.deployerPrincipalType ?? "ServicePrincipal" });
        const archiveExport = s.kind === "eventhouse" && exportOn(args) ? siteArchiveExport(archive, "fabric", deployer()) : undefined;
        const schema = (clusterUri: pulumi.Input<string>, database: pulumi.Input<string>) => new MedallionSchema(`${name}-medallion`, { clusterUri, database, archiveExport }, parent);
        if (s.kind === "eventhouse") {
            if (s.queryUri !== undefined) {
                const database = s.databaseId === undefined ? undefined : { workspaceId: s.workspaceId, databaseId: s.databaseId, databaseName: s.databaseName, queryUri: s.queryUri };
                return { medallion: schema(s.queryUri, s.databaseName), database };
            }
            const eventhouse = new Eventhouse(`${name}-eventhouse`, { workspaceId: s.workspaceId, eventhouseName: s.eventhouseName ?? `ef-${args.name}`, databaseName: s.databaseName, apiBaseUrl: s.apiBaseUrl }, parent);
            const medallion = schema(eventhouse.queryServiceUri, eventhouse.databaseName);
            if (s.eventHubConnectionId !== undefined) {
                eventhouse.addEventstream({ eventHubConnectionId: s.eventHubConnectionId, consumerGroup: SERVING_CONSUMER_GROUP, dependsOn: [medallion] });
            }
            return { target: eventhouse, medallion, database: eventhouseDatabase(eventhouse) };
        }
        return this.adxWithSchema(
            `${name}-adx`,
            args,
            s.clusterId !== undefined
                ? { existingCluster: { id: s.clusterId, uri: s.queryUri as pulumi.Input<string> } }
                : { cluster: { resourceGroupName: rg.name, location: args.location, skuName: s.skuName, capacity: s.capacity, publicNetworkAccess: args.network.publicNetworkAccess ? "Enabled" : "Disabled" } },
            eventHubs,
            hubId,
            SERVING_CONSUMER_GROUP,
            this,
            archive,
        );
    }


    private archive(name: string, args: HybridSiteArgs, rg: ResourceGroup, publicNetworkAccess: PublicNetworkAccess, tags: Record<string, string>): ArchiveStorage {
        const a = args.archive;
        const shared = a.storageAccountId !== undefined;
        const containerNames = siteContainerNames(args);
        const lifecycle: LifecycleRule[] = ROLES.map((role) => ({
            container: containerNames[role],
            coolAfterDays: a.lifecycle.coolAfterDays,
            coldAfterDays: a.lifecycle.coldAfterDays,
            archiveAfterDays: a.lifecycle.archiveAfterDays ?? undefined,
            deleteAfterDays: a.lifecycle.deleteAfterDays ?? undefined,
        }));
        const blobDataOwners = args.edge.cold.enabled ? [{ name: "acsa", principalId: args.edge.cold.acsaPrincipalId as string }] : [];
        return new ArchiveStorage(
            `${name}-archive`,
            shared
                ? // The lifecycle policy of an account is account-wide: a site never replaces the platform's.
                  { existingAccountId: a.storageAccountId, sku: `Standard_${a.redundancy}` as ArchiveSku, containerNames, lifecycle: false, blobDataOwners }
                : { resourceGroupName: rg.name, location: args.location, accountName: siteArchiveAccount(args), sku: `Standard_${a.redundancy}` as ArchiveSku, publicNetworkAccess, containerNames, lifecycle, blobDataOwners, tags },
            { parent: this },
        );
    }

    /** The cold path's edge volume: applied directly through the kubeconfig, or delivered by GitOps. */
    private edgeVolume(name: string, args: HybridSiteArgs, archive: ArchiveStorage): EdgeVolume | EdgeVolumeGitOps {
        const description = siteEdgeVolume(args);
        const opts = { parent: this, dependsOn: [archive] };
        const delivery = args.edge.cold.delivery ?? { mode: "direct" };
        if (delivery.mode === "gitops") {
            return new EdgeVolumeGitOps(`${name}-edge-volume`, { ...description, ...delivery, site: args.name }, opts);
        }
        if (args.kubeconfig === undefined) {
            throw new pulumi.RunError(`HybridSite "${name}": kubeconfig is required when edge.cold.enabled is true with direct delivery (the edge volume is created on the Arc cluster)`);
        }
        return new EdgeVolume(`${name}-edge-volume`, { ...description, kubeconfig: args.kubeconfig }, opts);
    }
}

/** What the edge volume of a site is derived from (a `HybridSiteArgs` or a validated stack config with a literal account id). */
export interface SiteVolumeSource {
    name: string;
    edge: { cold: { volumeSizeGi: number } };
    archive: Pick<SiteArchiveArgs, "storageAccountId" | "accountName" | "containers">;
}

/** The archive account a site writes to: the shared account's name, or its own. */
export function siteArchiveAccount(args: SiteVolumeSource): string {
    const id = args.archive.storageAccountId;
    return id ? parseArmId(id, "Microsoft.Storage", "storageAccounts", "archive.storageAccountId").name : (args.archive.accountName ?? `ef${args.name}archive`);
}

/** Archive container names by role: as configured, else the defaults, prefixed `<site>-` in a shared account (sites sharing one keep apart by name). */
export function siteContainerNames(args: Pick<SiteVolumeSource, "name" | "archive">): Record<ArchiveContainer, string> {
    const a = args.archive;
    const shared = a.storageAccountId !== undefined;
    return Object.fromEntries(ROLES.map((role) => [role, a.containers[role] ?? (shared ? `${args.name}-${DEFAULT_CONTAINERS[role]}` : DEFAULT_CONTAINERS[role])])) as Record<ArchiveContainer, string>;
}

/**
 * The edge volume of a site's cold path as plain data: what `HybridSite` hands `EdgeVolume` or
 * `EdgeVolumeGitOps`, and what `edge-fabric gitops render --stack` renders. Pure.
 */
export function siteEdgeVolume(args: SiteVolumeSource): EdgeVolumeDescription {
    return {
        claimName: `${args.name}-cold`,
        size: `${args.edge.cold.volumeSizeGi}Gi`,
        subvolume: { name: `${args.name}-ingest`, storageAccount: siteArchiveAccount(args), containerName: siteContainerNames(args).edgeIngest },
    };
}

/** The serving layer's inputs, or undefined when it is off; refuses a site that has it on without the schema model. */
function servingLayerInputs(name: string, args: HybridSiteArgs): ServingLayerInputs | undefined {
    const on = servingLayerOn(args);
    if (!on.dashboard && !on.lakehouse && !on.alerts) {
        return undefined;
    }
    if (args.schema === undefined) {
        throw new pulumi.RunError(`HybridSite "${name}": schema (the model of the kql/ scripts, from loadSchema) is required while the serving layer is on: dashboard and alert queries are checked against it and its mirrored tables get the Lakehouse shortcuts`);
    }
    const model = args.schema;
    const analyze = queryAnalyzer(model, { cache: args.queryCache });
    const inputs: ServingLayerInputs = {
        on,
        // `enabled` rides along in the options; the dashboard reads only its own keys.
        dashboard: { site: args.name, defaults: args.dashboard, analyze, configPath: joinPath(args.configPath ?? "", "dashboard") },
        alerts: { site: args.name, rules: args.alerts?.rules ?? [], analyze, configPath: joinPath(args.configPath ?? "", "alerts") },
        mirrored: Object.values(model.tables).filter((t) => t.mirroring?.isEnabled === true).map((t) => t.name),
    };
    if (on.dashboard) {
        checkedDashboardSpec(inputs.dashboard);
    }
    if (on.alerts) {
        checkedAlertsTemplate(inputs.alerts);
    }
    return inputs;
}

/** Whether Silver is exported to the archive (`kql/5-export.kql`): on unless the site turns it off. */
function exportOn(args: HybridSiteArgs): boolean {
    return args.archive.export?.enabled ?? true;
}

/** The continuous export of Silver into the archive's `kqlExport` container, its writer granted on that container. */
function siteArchiveExport(archive: ArchiveStorage, backend: "adx" | "fabric", writer: PrincipalRef | undefined): MedallionArchiveExportArgs {
    return { backend, containerUrl: archive.containerUrls.kqlExport, containerId: archive.containerIds.kqlExport, writer };
}

/** The database the serving items bind to, from an Eventhouse's outputs. */
function eventhouseDatabase(eventhouse: Eventhouse): ServingDatabase {
    return { workspaceId: eventhouse.workspaceId, databaseId: eventhouse.databaseId, databaseName: eventhouse.databaseName, queryUri: eventhouse.queryServiceUri };
}

function edgeIdentity(identity: SiteEdgeArgs["identity"]): ManagedIdentity {
    return identity.type === "UserAssigned" ? { type: "UserAssigned", clientId: identity.clientId as string, tenantId: identity.tenantId as string } : { type: "SystemAssigned" };
}
