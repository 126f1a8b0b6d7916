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
import type { EndpointDescription, ManagedIdentity } from "./edge/dataflow-description";
import { EventHubsIngestion, type PublicNetworkAccess } from "./cloud/eventhubs";
import { ArchiveStorage, type ArchiveSku } from "./cloud/archive";
import type { EdgeEndpoint } from "./cloud/edge-endpoint";
import { DisasterRecovery, DISASTER_RECOVERY_DEFAULTS } from "./cloud/disaster-recovery";
import { parseArmId } from "./cloud/rules/arm";
import type { LifecycleRule } from "./cloud/rules/lifecycle";
import type { MedallionSchema } from "./cloud/medallion";
import type { Eventhouse } from "./cloud/eventhouse";
import type { AdxDatabase } from "./cloud/adx-database";
import type { RealTimeDashboard } from "./serving/real-time-dashboard";
import type { Alerts } from "./serving/alerts";
import type { BatchLakehouse } from "./serving/batch-lakehouse";
import type { HybridSiteArgs } from "./site-args";
import { createsListenKey, withSiteDefaults, type SiteEdgeSpec, type SiteSpec } from "./site-defaults";
import type { DataPath } from "./site-data-path";
import { captureDeployerAccess, deployerPrincipal, exportOn, siteDatabase } from "./site-database";
import { ARCHIVE_CONTAINER_ROLES, LISTEN_ONLY, LOCAL_AUTH_TAG, PUBLIC_ACCESS_TAG, SERVING_CONSUMER_GROUP, SITE_TAG, siteArchiveAccount, siteContainerNames, siteEdgeVolume } from "./site-naming";
import { servingLayerInputs, siteServingLayer } from "./site-serving-layer";
import { validateHybridSite } from "./site-rules";
import { ValidationError } from "./validation";
import { siteStandby } from "./site-standby";
import { siteColdSchema, siteRegisterColdSchema } from "./site-cold-schema";
import { checkSiteNetwork, sitePrivateNetwork } from "./site-private-network";

/** The dataflow endpoint of the Eventstream custom endpoint the hot path writes to without a key. */
const EVENTSTREAM_ENDPOINT = "eventstream";
const EVENTSTREAM_STANDBY_ENDPOINT = "eventstream-standby";

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

    constructor(name: string, input: HybridSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withSiteDefaults(input);
        // The args, the serving layer's config and its queries are checked before anything is registered.
        ValidationError.throwIfAny(`HybridSite "${name}"`, validateHybridSite(args));
        const layer = servingLayerInputs(args);
        const coldSchema = siteColdSchema(args);
        checkSiteNetwork(args);
        super("edge-fabric:site:HybridSite", name, {}, opts);
        const site = args.name;
        const open = args.network.publicNetworkAccess;
        const publicNetworkAccess: PublicNetworkAccess = open ? "Enabled" : "Disabled";
        const tags = { ...args.tags, [SITE_TAG]: site, ...(open ? { [PUBLIC_ACCESS_TAG]: "allowed" } : {}) };
        const parent = { parent: this };

        const rgName = args.resourceGroupName ?? `rg-edge-fabric-${site}`;
        const rg = new ResourceGroup(`${name}-rg`, { resourceGroupName: rgName, location: args.location, tags }, parent);

        const archive = this.archive(name, args, rg, publicNetworkAccess, tags);
        const eh = args.eventHubs;
        const namespaceName = eh.namespaceId ? parseArmId(eh.namespaceId, "Microsoft.EventHub", "namespaces", "eventHubs.namespaceId").name : (eh.namespaceName ?? `ef-${site}-${args.location}`.slice(0, 50));
        const standby = args.dr.enabled && args.dr.standbyDatabase === true;
        const listenKey = createsListenKey(args);
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
                          // An ADX data connection reads with the cluster's identity from Microsoft's networks.
                          trustedServices: args.serving.kind === "adx",
                          // Local auth only for the Eventstream's hub-scoped Listen key, said on the namespace.
                          allowLocalAuth: listenKey,
                          tags: listenKey ? { ...tags, [LOCAL_AUTH_TAG]: LISTEN_ONLY } : tags,
                      }),
                sku: eh.sku,
                hubs: [{ name: eh.hubName, partitionCount: eh.partitions, retentionDays: eh.retentionDays, consumerGroups }],
                capture: eh.capture.enabled
                    ? {
                          storageAccountId: archive.accountId,
                          containerName: archive.containerNames.capture,
                          intervalSeconds: eh.capture.intervalSeconds,
                          sizeLimitBytes: eh.capture.sizeLimitBytes,
                          deployer: captureDeployerAccess(args) === "grant" ? deployerPrincipal(this, args) : undefined,
                      }
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
        // A keyless Fabric standby's custom endpoint, which the edge writes to as well (set while DR builds the standby).
        let standbyEdge: EdgeEndpoint | undefined;
        const privateNetwork = args.network.private ? sitePrivateNetwork(name, args, rg, eventHubs, archive, tags, this) : undefined;
        const dr = args.dr.enabled
            ? new DisasterRecovery(
                  `${name}-dr`,
                  {
                      primary: eventHubs,
                      primaryLocation: args.location,
                      secondaryLocation: args.dr.secondaryLocation as string,
                      alias,
                      // The Listen key lives on the primary's hub; the secondary keeps Entra ID only.
                      secondary: listenKey ? { allowLocalAuth: false } : undefined,
                      archive: args.archive.storageAccountId ? undefined : archive,
                      privateNetwork,
                      standby: standby
                          ? (ctx) => {
                                const built = siteStandby(name, args, rg, eventHubs, hubId, ctx, layer);
                                standbyEdge = built.edge;
                                return built;
                            }
                          : undefined,
                      tags,
                  },
                  parent,
              )
            : undefined;

        const cold = args.edge.cold;
        const edgeVolume = cold.enabled ? this.edgeVolume(name, args, archive) : undefined;
        const registered = coldSchema ? siteRegisterColdSchema(name, args, coldSchema, this) : undefined;
        // The edge connects to the alias when there is one, so a failover needs no change at the plant.
        const endpoints: EndpointDescription[] = [{ kind: "eventHubs", name: "eventhubs", namespace: dr ? alias : namespaceName }];
        if (edgeVolume) {
            endpoints.push({ kind: "localStorage", name: "edge-volume", persistentVolumeClaim: edgeVolume.claimName });
        }
        const { target, medallion, database, edge } = siteDatabase(this, name, args, rg, eventHubs, hubId, archive);
        if (edge) {
            // Placeholders of the right shape; AioDataflows puts the custom endpoint's real address in.
            endpoints.push({ kind: "eventstream", name: EVENTSTREAM_ENDPOINT, bootstrapServer: "custom-endpoint.servicebus.windows.net:9093" });
        }
        if (standbyEdge) {
            endpoints.push({ kind: "eventstream", name: EVENTSTREAM_STANDBY_ENDPOINT, bootstrapServer: "custom-endpoint.servicebus.windows.net:9093" });
        }
        const assets = args.edge.lines.flatMap((l) => l.assets.map((a) => `${l.name}/${typeof a === "string" ? a : a.name}`));
        const hot = { assets, filters: args.edge.hot.filters, maps: args.edge.hot.tags.map((t) => ({ inputs: [t], output: t })), passThrough: args.edge.hot.tags.length === 0 };
        const dataflows = new AioDataflows(
            `${name}-dataflows`,
            {
                resourceGroupName: args.edge.resourceGroupName ?? rgName,
                instanceName: args.edge.instanceName ?? `aio-${site}`,
                customLocation: args.edge.customLocationId,
                site: { site, lines: args.edge.lines.map((l) => ({ name: l.name, assets: l.assets.map((a) => (typeof a === "string" ? { name: a } : a)) })) },
                endpoints,
                // The same readings to Event Hubs (Capture, DR, ADX) and, without a key, to the Eventstream.
                hotPaths: [
                    { ...hot, name: "hot", endpoint: "eventhubs", topic: eh.hubName },
                    ...(edge ? [{ ...hot, name: "hot-fabric", endpoint: EVENTSTREAM_ENDPOINT, topic: "es_custom-endpoint" }] : []),
                    ...(standbyEdge ? [{ ...hot, name: "hot-fabric-standby", endpoint: EVENTSTREAM_STANDBY_ENDPOINT, topic: "es_custom-endpoint" }] : []),
                ],
                coldPath: edgeVolume && coldSchema ? { endpoint: "edge-volume", destination: edgeVolume.path, schemaRef: coldSchema.schema.ref, maps: coldSchema.schema.maps } : undefined,
                identity: edgeIdentity(args.edge.identity),
                profile: { instanceCount: args.edge.dataflowInstances },
                lateAddresses: edge || standbyEdge ? { ...(edge ? { [EVENTSTREAM_ENDPOINT]: edge } : {}), ...(standbyEdge ? { [EVENTSTREAM_STANDBY_ENDPOINT]: standbyEdge } : {}) } : undefined,
            },
            // Publishing starts once the hub, its sender role and (with DR) the alias exist, and, to
            // Fabric, once the Eventstream, its address and the identity's workspace role exist.
            // The cold path writes only once its schema version is registered.
            { parent: this, dependsOn: [eventHubs, ...(dr ? [dr] : []), ...(edgeVolume ? [edgeVolume] : []), ...(registered ? [registered] : []), ...(edge?.resources ?? []), ...(standbyEdge?.resources ?? [])] },
        );

        const items = layer && database ? siteServingLayer(name, args, { ...database, schema: medallion }, this, layer) : undefined;

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

    private archive(name: string, args: SiteSpec, rg: ResourceGroup, publicNetworkAccess: PublicNetworkAccess, tags: Record<string, string>): ArchiveStorage {
        const a = args.archive;
        const shared = a.storageAccountId !== undefined;
        const containerNames = siteContainerNames(args);
        const lifecycle: LifecycleRule[] = ARCHIVE_CONTAINER_ROLES.map((role) => ({
            container: containerNames[role],
            coolAfterDays: a.lifecycle.coolAfterDays,
            coldAfterDays: a.lifecycle.coldAfterDays,
            // The SilverArchive external table reads the export in place, and archive-tier blobs are offline until
            // rehydrated (https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview#archive-access-tier):
            // while the export is on, its container stops at the cold tier.
            archiveAfterDays: role === "kqlExport" && exportOn(args) ? undefined : (a.lifecycle.archiveAfterDays ?? undefined),
            deleteAfterDays: a.lifecycle.deleteAfterDays ?? undefined,
        }));
        const blobDataOwners = args.edge.cold.enabled ? [{ name: "acsa", principalId: args.edge.cold.acsaPrincipalId as string }] : [];
        return new ArchiveStorage(
            `${name}-archive`,
            shared
                ? // The lifecycle policy of an account is account-wide: a site never replaces the platform's.
                  { existingAccountId: a.storageAccountId, sku: `Standard_${a.redundancy}` as ArchiveSku, containerNames, lifecycle: false, blobDataOwners }
                : {
                      resourceGroupName: rg.name,
                      location: args.location,
                      accountName: siteArchiveAccount(args),
                      sku: `Standard_${a.redundancy}` as ArchiveSku,
                      publicNetworkAccess,
                      // Capture and an ADX cluster's export write from Microsoft's networks, not through the private endpoint.
                      trustedServices: args.eventHubs.capture.enabled || (args.serving.kind === "adx" && exportOn(args)),
                      containerNames,
                      lifecycle,
                      blobDataOwners,
                      tags,
                  },
            { parent: this },
        );
    }

    /** The cold path's edge volume: applied directly through the kubeconfig, or delivered by GitOps. */
    private edgeVolume(name: string, args: SiteSpec, archive: ArchiveStorage): EdgeVolume | EdgeVolumeGitOps {
        const description = siteEdgeVolume(args);
        const opts = { parent: this, dependsOn: [archive] };
        const delivery = args.edge.cold.delivery ?? { mode: "direct" };
        if (delivery.mode === "gitops") {
            return new EdgeVolumeGitOps(`${name}-edge-volume`, { ...description, ...delivery, site: args.name }, opts);
        }
        return new EdgeVolume(`${name}-edge-volume`, { ...description, kubeconfig: args.kubeconfig }, opts);
    }
}

function edgeIdentity(identity: SiteEdgeSpec["identity"]): ManagedIdentity {
    return identity.type === "UserAssigned" ? { type: "UserAssigned", clientId: identity.clientId as string, tenantId: identity.tenantId as string } : { type: "SystemAssigned" };
}
