/**
 * The site's KQL database (its own Eventhouse or ADX database, or a shared one) with the medallion
 * schema, the ingestion from the hub into Bronze, and the Silver export into the archive.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceGroup } from "@pulumi/azure-native/resources";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import type { EventHubsIngestion } from "./cloud/eventhubs";
import type { ArchiveStorage } from "./cloud/archive";
import { MedallionSchema, type MedallionArchiveExportArgs } from "./cloud/medallion";
import type { PrincipalRef } from "./cloud/roles";
import { edgeEndpoint, type EdgeEndpoint } from "./cloud/edge-endpoint";
import { Eventhouse } from "./cloud/eventhouse";
import { EventstreamItem } from "../providers/fabric";
import { AdxDatabase, type AdxDatabaseArgs } from "./cloud/adx-database";
import type { ServingDatabase } from "./serving/real-time-dashboard";
import { createsListenKey, workspaceWriters, type SiteSpec } from "./site-defaults";
import { eventHubsListenConnection } from "./cloud/event-hubs-listen-connection";
import { SERVING_CONSUMER_GROUP } from "./site-naming";
import { eventhouseDatabase } from "./site-serving-layer";

/** An ADX database, its medallion schema, and the hub -> Bronze data connection created after the schema. */
export function siteAdxWithSchema(
    name: string,
    args: SiteSpec,
    cluster: Pick<AdxDatabaseArgs, "cluster" | "existingCluster">,
    eventHubs: EventHubsIngestion,
    hubId: pulumi.Output<string>,
    consumerGroup: string,
    parent: pulumi.Resource,
    archive?: ArchiveStorage,
): { target: AdxDatabase; medallion: MedallionSchema } {
    const adx = new AdxDatabase(name, { ...cluster, databaseName: args.serving.databaseName }, { parent });
    // The cluster's system identity writes the export; a shared cluster's only when serving.principalId names it.
    const writer = adx.principalId === undefined ? undefined : { name: "adx", principalId: adx.principalId.apply((p) => p ?? "") };
    const archiveExport = archive && exportOn(args) ? siteArchiveExport(archive, "adx", writer) : undefined;
    const medallion = new MedallionSchema(`${name}-medallion`, { clusterUri: adx.queryServiceUri, database: adx.databaseName, archiveExport }, { parent });
    adx.addEventHubConnection({
        eventHubResourceId: hubId,
        consumerGroup,
        // The asset travels in the document (x-aio-topic); a producer's partition key is embedded too. The
        // connection embeds only a closed set of system properties, without x-opt-kafka-key
        // (https://learn.microsoft.com/azure/data-explorer/ingest-data-event-hub-overview).
        eventSystemProperties: ["x-opt-partition-key"],
        // The site's own cluster, or a shared one named by serving.principalId, gets the role here.
        grantReceiverRole: cluster.cluster !== undefined || cluster.existingCluster?.principalId !== undefined,
        dependsOn: [medallion, eventHubs],
    });
    return { target: adx, medallion };
}

/**
 * The KQL database (own Eventhouse or ADX database, or a shared one), its medallion schema, and the
 * ingestion from the hub into Bronze, which waits for the schema (Bronze and its mapping).
 */
export function siteDatabase(
    parent: pulumi.ComponentResource,
    name: string,
    args: SiteSpec,
    rg: ResourceGroup,
    eventHubs: EventHubsIngestion,
    hubId: pulumi.Output<string>,
    archive: ArchiveStorage,
): { target?: Eventhouse | AdxDatabase; medallion: MedallionSchema; database?: ServingDatabase; edge?: EdgeEndpoint } {
    const s = args.serving;
    const opts = { parent };
    // Fabric has no managed identity for the export: it runs as the principal that creates it, the deployer.
    const archiveExport = s.kind === "eventhouse" && exportOn(args) ? siteArchiveExport(archive, "fabric", deployerPrincipal(parent, args)) : undefined;
    const oneLakeLatencyMinutes = s.kind === "eventhouse" ? s.oneLakeLatencyMinutes : undefined;
    const schema = (clusterUri: pulumi.Input<string>, database: pulumi.Input<string>) => new MedallionSchema(`${name}-medallion`, { clusterUri, database, archiveExport, oneLakeLatencyMinutes }, opts);
    if (s.kind === "eventhouse") {
        if (s.queryUri !== undefined) {
            const database = s.databaseId === undefined ? undefined : { workspaceId: s.workspaceId, databaseId: s.databaseId, databaseName: s.databaseName, queryUri: s.queryUri };
            const medallion = schema(s.queryUri, s.databaseName);
            if (s.databaseId === undefined) {
                // Nothing to write into: the data-path check fails the hop into Bronze, naming serving.databaseId.
                return { medallion, database };
            }
            const connectionId = hubConnection(parent, name, args, eventHubs);
            if (connectionId !== undefined) {
                // The site's own Eventstream into its database in the shared Eventhouse, after the schema.
                new EventstreamItem(
                    `${name}-eventstream`,
                    { workspaceId: s.workspaceId, displayName: `ef-${args.name}-ingest`, eventHubConnectionId: connectionId, consumerGroup: SERVING_CONSUMER_GROUP, databaseItemId: s.databaseId, apiBaseUrl: s.apiBaseUrl },
                    { parent, dependsOn: [medallion] },
                );
                return { medallion, database };
            }
            // Keyless, as on an own Eventhouse: the site's own Eventstream in the serving workspace, its
            // custom endpoint written by the edge with its managed identity, into the shared database.
            const edge = edgeEndpoint(
                name,
                { workspaceId: s.workspaceId, databaseItemId: s.databaseId, writers: workspaceWriters(args), displayName: `ef-${args.name}-ingest`, apiBaseUrl: s.apiBaseUrl, dependsOn: [medallion] },
                parent,
            );
            return { medallion, database, edge };
        }
        const eventhouse = new Eventhouse(`${name}-eventhouse`, { workspaceId: s.workspaceId, eventhouseName: s.eventhouseName ?? `ef-${args.name}`, databaseName: s.databaseName, apiBaseUrl: s.apiBaseUrl }, opts);
        const medallion = schema(eventhouse.queryServiceUri, eventhouse.databaseName);
        const connectionId = hubConnection(parent, name, args, eventHubs);
        if (connectionId !== undefined) {
            eventhouse.addEventstream({ eventHubConnectionId: connectionId, consumerGroup: SERVING_CONSUMER_GROUP, dependsOn: [medallion] });
            return { target: eventhouse, medallion, database: eventhouseDatabase(eventhouse) };
        }
        // Without a Fabric connection to the hub (a SAS key), the edge writes to the Eventstream's
        // custom endpoint with its managed identity: no key, and the namespace keeps local auth off.
        const edge = eventhouse.addEdgeEndpoint({ writers: workspaceWriters(args), dependsOn: [medallion] });
        return { target: eventhouse, medallion, database: eventhouseDatabase(eventhouse), edge };
    }
    return siteAdxWithSchema(
        `${name}-adx`,
        args,
        s.clusterId !== undefined
            ? { existingCluster: { id: s.clusterId, uri: s.queryUri as pulumi.Input<string>, principalId: s.principalId } }
            : { cluster: { resourceGroupName: rg.name, location: args.location, skuName: s.skuName, capacity: s.capacity, publicNetworkAccess: args.network.publicNetworkAccess ? "Enabled" : "Disabled" } },
        eventHubs,
        hubId,
        SERVING_CONSUMER_GROUP,
        parent,
        archive,
    );
}

/**
 * The Fabric connection the Eventstream's Event Hubs source names, with `serving.eventstreamSource: eventHubs`:
 * the adopted `eventHubConnectionId`, or one the site creates around a Listen-only rule on its hub.
 * Undefined when the edge writes to a custom endpoint instead.
 */
function hubConnection(parent: pulumi.Resource, name: string, args: SiteSpec, eventHubs: EventHubsIngestion): pulumi.Input<string> | undefined {
    const s = args.serving;
    if (s.kind !== "eventhouse" || s.eventstreamSource !== "eventHubs") {
        return undefined;
    }
    if (!createsListenKey(args)) {
        return s.eventHubConnectionId;
    }
    const hub = args.eventHubs.hubName;
    return eventHubsListenConnection(
        name,
        {
            resourceGroupName: eventHubs.resourceGroupName,
            namespaceName: eventHubs.namespaceName,
            namespaceHost: eventHubs.host,
            eventHubName: hub,
            displayName: pulumi.interpolate`${eventHubs.namespaceName}/${hub} (edge-fabric site ${args.name})`,
            // The site's own private namespace admits Fabric only once its managed private endpoint is approved.
            skipTestConnection: args.eventHubs.namespaceId === undefined && !args.network.publicNetworkAccess,
            apiBaseUrl: s.apiBaseUrl,
            dependsOn: [eventHubs],
        },
        parent,
    ).connectionId;
}

/** How the deployer gets Capture's account-scope write: as configured, else granted on the site's own account (a shared one's owner decides). */
export function captureDeployerAccess(args: SiteSpec): "grant" | "preassigned" | undefined {
    return args.eventHubs.capture.deployerAccess ?? (args.archive.storageAccountId === undefined ? "grant" : undefined);
}

/** The principal running `pulumi up`, as the client config names it; its kind from `archive.export.deployerPrincipalType`. */
export function deployerPrincipal(parent: pulumi.Resource, args: SiteSpec): PrincipalRef {
    return { name: "deployer", principalId: getClientConfigOutput({ parent }).objectId, principalType: args.archive.export?.deployerPrincipalType ?? "ServicePrincipal" };
}

/** Whether Silver is exported to the archive (`kql/5-export.kql`), as configured or by `exportByDefault`. */
export function exportOn(args: SiteSpec): boolean {
    return args.archive.export.enabled;
}

/** The continuous export of Silver into the archive's `kqlExport` container, its writer granted on that container. */
function siteArchiveExport(archive: ArchiveStorage, backend: "adx" | "fabric", writer: PrincipalRef | undefined): MedallionArchiveExportArgs {
    return { backend, containerUrl: archive.containerUrls.kqlExport, containerId: archive.containerIds.kqlExport, writer };
}

