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
import { AioDataflows } from "./edge/aioDataflows";
import { EdgeVolume } from "./edge/edgeVolume";
import type { EndpointDescription, ManagedIdentity } from "./edge/dataflowModel";
import { EventHubsIngestion, type PublicNetworkAccess } from "./cloud/eventhubs";
import { ArchiveStorage, type ArchiveContainer, type ArchiveSku } from "./cloud/archive";
import { DisasterRecovery, DISASTER_RECOVERY_DEFAULTS, type StandbyContext, type StandbyDatabase } from "./cloud/disaster-recovery";
import { parseArmId } from "./cloud/rules/arm";
import type { LifecycleRule } from "./cloud/rules/lifecycle";
import { MedallionSchema } from "./cloud/medallion";
import { Eventhouse } from "./cloud/eventhouse";
import { AdxDatabase, type AdxDatabaseArgs } from "./cloud/adx-database";

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
    };
    /** Dataflow profile instances, 1-20. */
    dataflowInstances: number;
}

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
     * Geo-DR: secondary namespace and alias in `secondaryLocation`; with `standbyDatabase` (ADX with
     * an own cluster) a standby cluster there with the same medallion schema, fed from the hub.
     */
    dr: { enabled: boolean; secondaryLocation?: string; alias?: string; standbyDatabase?: boolean };
    network: { publicNetworkAccess: boolean };
    /** Kubeconfig of the Arc cluster (secret), for the cold path's edge volume. Required when `edge.cold.enabled`. */
    kubeconfig?: pulumi.Input<string>;
}

/** The site's data path as plain data (what `edge-fabric plan` draws). */
export interface DataPath {
    site: string;
    /** `<site>/<line>/<asset>` keys and the MQTT topic each asset publishes to. */
    assets: { key: string; topic: string }[];
    dataflows: { name: string; role: "key" | "hot" | "cold"; endpoints: string[] }[];
    eventHubs: { namespace: string; hub: string; shared: boolean; partitions: number; capture: boolean; consumerGroups: string[] };
    archive: { account: string; shared: boolean; containers: Record<ArchiveContainer, string>; lifecycle: string };
    edgeVolume?: { claim: string; path: string };
    dr?: { alias: string; secondaryLocation: string; standbyDatabase: boolean };
    /** `shared`: the site applies its schema in an existing Eventhouse / cluster. */
    serving: { kind: "eventhouse" | "adx"; databaseName: string; shared: boolean };
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
    readonly parts: { eventHubs: EventHubsIngestion; archive: ArchiveStorage; dr?: DisasterRecovery; edgeVolume?: EdgeVolume; dataflows: AioDataflows; serving?: Eventhouse | AdxDatabase; medallion: MedallionSchema };
    /** Query URI and database of the site's KQL database. */
    readonly queryUri: pulumi.Output<string>;
    readonly databaseName: pulumi.Output<string>;

    constructor(name: string, args: HybridSiteArgs, opts?: pulumi.ComponentResourceOptions) {
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
                      standby: standby ? (ctx) => this.standbyAdx(name, args, rg, eventHubs, hubId, ctx) : undefined,
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

        const { target, medallion } = this.serving(name, args, rg, eventHubs, hubId);

        this.parts = { eventHubs, archive, dr, edgeVolume, dataflows, serving: target, medallion };
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
                account: args.archive.storageAccountId ? parseArmId(args.archive.storageAccountId, "Microsoft.Storage", "storageAccounts", "archive.storageAccountId").name : this.accountName(args),
                shared: args.archive.storageAccountId !== undefined,
                containers: archive.containerNames,
                lifecycle: args.archive.storageAccountId
                    ? "lifecycle owned by the shared account"
                    : [`cool ${lc.coolAfterDays}d`, `cold ${lc.coldAfterDays}d`, lc.archiveAfterDays === null ? undefined : `archive ${lc.archiveAfterDays}d`, lc.deleteAfterDays === null ? "kept" : `delete ${lc.deleteAfterDays}d`].filter(Boolean).join(" -> "),
            },
            edgeVolume: edgeVolume ? { claim: edgeVolume.claimName, path: edgeVolume.path } : undefined,
            dr: dr ? { alias, secondaryLocation: args.dr.secondaryLocation as string, standbyDatabase: standby } : undefined,
            serving: { kind: args.serving.kind, databaseName: args.serving.databaseName, shared: target === undefined },
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

    /** An ADX cluster in the paired region with the same medallion schema, reading the hub through its own consumer group. */
    private standbyAdx(name: string, args: HybridSiteArgs, rg: ResourceGroup, eventHubs: EventHubsIngestion, hubId: pulumi.Output<string>, ctx: StandbyContext): StandbyDatabase {
        const s = args.serving;
        if (s.kind !== "adx" || s.clusterId !== undefined) {
            throw new pulumi.RunError(`HybridSite "${name}": dr.standbyDatabase needs serving.kind "adx" with a cluster of the site's own`);
        }
        const db = this.adxWithSchema(`${name}-standby`, args, { cluster: { resourceGroupName: rg.name, location: ctx.location, skuName: s.skuName, capacity: s.capacity, publicNetworkAccess: args.network.publicNetworkAccess ? "Enabled" : "Disabled" } }, eventHubs, hubId, ctx.consumerGroup, ctx.parent);
        return { queryServiceUri: db.target.queryServiceUri, databaseName: db.target.databaseName };
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
    ): { target: AdxDatabase; medallion: MedallionSchema } {
        const adx = new AdxDatabase(name, { ...cluster, databaseName: args.serving.databaseName }, { parent });
        const medallion = new MedallionSchema(`${name}-medallion`, { clusterUri: adx.queryServiceUri, database: adx.databaseName }, { parent });
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
    private serving(name: string, args: HybridSiteArgs, rg: ResourceGroup, eventHubs: EventHubsIngestion, hubId: pulumi.Output<string>): { target?: Eventhouse | AdxDatabase; medallion: MedallionSchema } {
        const s = args.serving;
        const parent = { parent: this };
        const schema = (clusterUri: pulumi.Input<string>, database: pulumi.Input<string>) => new MedallionSchema(`${name}-medallion`, { clusterUri, database }, parent);
        if (s.kind === "eventhouse") {
            if (s.queryUri !== undefined) {
                return { medallion: schema(s.queryUri, s.databaseName) };
            }
            const eventhouse = new Eventhouse(`${name}-eventhouse`, { workspaceId: s.workspaceId, eventhouseName: s.eventhouseName ?? `ef-${args.name}`, databaseName: s.databaseName, apiBaseUrl: s.apiBaseUrl }, parent);
            const medallion = schema(eventhouse.queryServiceUri, eventhouse.databaseName);
            if (s.eventHubConnectionId !== undefined) {
                eventhouse.addEventstream({ eventHubConnectionId: s.eventHubConnectionId, consumerGroup: SERVING_CONSUMER_GROUP, dependsOn: [medallion] });
            }
            return { target: eventhouse, medallion };
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
        );
    }

    private accountName(args: HybridSiteArgs): string {
        return args.archive.accountName ?? `ef${args.name}archive`;
    }

    private archive(name: string, args: HybridSiteArgs, rg: ResourceGroup, publicNetworkAccess: PublicNetworkAccess, tags: Record<string, string>): ArchiveStorage {
        const a = args.archive;
        const shared = a.storageAccountId !== undefined;
        // Sites sharing an account keep apart by container name.
        const containerNames = Object.fromEntries(ROLES.map((role) => [role, a.containers[role] ?? (shared ? `${args.name}-${DEFAULT_CONTAINERS[role]}` : DEFAULT_CONTAINERS[role])])) as Record<ArchiveContainer, string>;
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
                : { resourceGroupName: rg.name, location: args.location, accountName: this.accountName(args), sku: `Standard_${a.redundancy}` as ArchiveSku, publicNetworkAccess, containerNames, lifecycle, blobDataOwners, tags },
            { parent: this },
        );
    }

    private edgeVolume(name: string, args: HybridSiteArgs, archive: ArchiveStorage): EdgeVolume {
        if (args.kubeconfig === undefined) {
            throw new pulumi.RunError(`HybridSite "${name}": kubeconfig is required when edge.cold.enabled is true (the edge volume is created on the Arc cluster)`);
        }
        const account = args.archive.storageAccountId ? parseArmId(args.archive.storageAccountId, "Microsoft.Storage", "storageAccounts", "archive.storageAccountId").name : this.accountName(args);
        return new EdgeVolume(
            `${name}-edge-volume`,
            {
                claimName: `${args.name}-cold`,
                size: `${args.edge.cold.volumeSizeGi}Gi`,
                subvolume: { name: `${args.name}-ingest`, storageAccount: account, containerName: archive.containerNames.edgeIngest },
                kubeconfig: args.kubeconfig,
            },
            { parent: this, dependsOn: [archive] },
        );
    }
}

function edgeIdentity(identity: SiteEdgeArgs["identity"]): ManagedIdentity {
    return identity.type === "UserAssigned" ? { type: "UserAssigned", clientId: identity.clientId as string, tenantId: identity.tenantId as string } : { type: "SystemAssigned" };
}
