/**
 * `AdxDatabase`: the Azure Data Explorer alternative to `Eventhouse`, on typed `@pulumi/azure-native`
 * `kusto` resources. Creates a cluster (system-assigned identity, disk encryption) or adopts one by
 * ARM id, a ReadWrite database with its soft-delete and hot-cache periods, and optionally an Event Hub
 * data connection into `Bronze` with `bronze_mapping` (JSON), authenticated with the cluster's managed
 * identity, which gets Azure Event Hubs Data Receiver on the hub.
 * It exposes the same `KqlDatabaseTarget` outputs as `Eventhouse`, so a site can pick either backend.
 */
import * as pulumi from "@pulumi/pulumi";
import * as kusto from "@pulumi/azure-native/kusto";
import * as authorization from "@pulumi/azure-native/authorization";
import { BRONZE_MAPPING, BRONZE_TABLE } from "./kql-target";
import type { KqlDatabaseTarget } from "./kql-target";
import { type Problem, Problems, ValidationError, under } from "../validation";
import { roleDefinitionId } from "./rules/arm";

/** A cluster to create. */
export interface AdxClusterArgs {
    /** Cluster name (4-22 lowercase letters and digits, starting with a letter). Default: derived by Pulumi from the component name. */
    name?: pulumi.Input<string>;
    /** Resource group of the new cluster. */
    resourceGroupName: pulumi.Input<string>;
    /** Azure region. Default: the resource group's. */
    location?: pulumi.Input<string>;
    /** VM SKU. Default `Standard_E2ads_v5`. */
    skuName?: pulumi.Input<string>;
    /** SKU tier. Default `Standard` (`Basic` only for the Dev SKUs). */
    skuTier?: pulumi.Input<"Basic" | "Standard">;
    /** Instance count. Default 2 (the minimum with an SLA). */
    capacity?: pulumi.Input<number>;
    /** Whether the cluster answers on its public endpoint. Required: a deliberate choice. */
    publicNetworkAccess: "Enabled" | "Disabled";
    /** Availability zones. Default: none. */
    zones?: pulumi.Input<string>[];
    /** Tags of the cluster. Default: none. */
    tags?: Record<string, string>;
}

/** A cluster that already exists (a shared platform). */
export interface AdxExistingClusterArgs {
    /** ARM id `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Kusto/clusters/<name>`. */
    id: string;
    /** Its query URI, `https://<name>.<region>.kusto.windows.net`. */
    uri: pulumi.Input<string>;
    /** Its system-assigned identity's principal id; needed to grant it read access to the Event Hub. */
    principalId?: pulumi.Input<string>;
}

/** Event Hub -> Bronze data connection. */
export interface AdxEventHubConnectionArgs {
    /** ARM id of the event hub (`.../namespaces/<ns>/eventhubs/<hub>`). */
    eventHubResourceId: pulumi.Input<string>;
    /** Consumer group the cluster reads with; give it its own. */
    consumerGroup: pulumi.Input<string>;
    /** Destination table. Default `Bronze`. */
    tableName?: pulumi.Input<string>;
    /** The table's ingestion mapping. Default `bronze_mapping`. */
    mappingName?: pulumi.Input<string>;
    /** Event Hub system properties to ingest with each event. Default none. */
    eventSystemProperties?: pulumi.Input<string>[];
    /** Grant the cluster identity Azure Event Hubs Data Receiver on the hub. Default true. */
    grantReceiverRole?: boolean;
    /** Resources creating the table and mapping (the medallion schema); the connection waits for them. */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export interface AdxDatabaseArgs {
    /** Create a cluster. Exactly one of `cluster` and `existingCluster`. */
    cluster?: AdxClusterArgs;
    /** Adopt a cluster by id. Exactly one of `cluster` and `existingCluster`. */
    existingCluster?: AdxExistingClusterArgs;
    /** Database name. Default: the component name. */
    databaseName?: pulumi.Input<string>;
    /** How long data stays queryable, days. Default 365. */
    softDeletePeriodDays?: number;
    /** How long data stays in the hot cache, days. Default 31. */
    hotCachePeriodDays?: number;
    /** Optional Event Hub data connection into Bronze. Default none. */
    eventHub?: AdxEventHubConnectionArgs;
}

const CLUSTER_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Kusto\/clusters\/([^/]+)$/i;
const EVENT_HUB_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.EventHub\/namespaces\/[^/]+\/eventhubs\/[^/]+$/i;

/**
 * The args of a cluster created with the settings every edge-fabric cluster has: a system-assigned
 * identity (the export and the Event Hubs data connections run as it), disk encryption, purge off,
 * and a deliberate public network access.
 */
export function secureClusterArgs(c: AdxClusterArgs): kusto.ClusterArgs {
    return {
        clusterName: c.name,
        resourceGroupName: c.resourceGroupName,
        location: c.location,
        sku: { name: c.skuName ?? "Standard_E2ads_v5", tier: c.skuTier ?? "Standard", capacity: c.capacity ?? 2 },
        identity: { type: "SystemAssigned" },
        enableDiskEncryption: true,
        enablePurge: false,
        publicNetworkAccess: c.publicNetworkAccess,
        zones: c.zones,
        tags: c.tags,
    };
}

/** Splits a Kusto cluster ARM id. */
export function parseClusterId(id: string): { subscriptionId: string; resourceGroupName: string; clusterName: string } | undefined {
    const m = CLUSTER_ID.exec(id);
    return m ? { subscriptionId: m[1], resourceGroupName: m[2], clusterName: m[3] } : undefined;
}

/** The role definition id of Event Hubs Data Receiver in the event hub's subscription. */
function receiverRoleDefinitionId(eventHubResourceId: string, resource: pulumi.Resource): string {
    const m = EVENT_HUB_ID.exec(eventHubResourceId);
    if (!m) {
        throw new pulumi.ResourceError(`eventHub.eventHubResourceId ${eventHubIdMessage(eventHubResourceId)}`, resource);
    }
    return roleDefinitionId(m[1], "eventHubsDataReceiver");
}

/** Every problem in the args (empty when they can be built), each with its arg path. */
export function validateAdxDatabaseArgs(args: AdxDatabaseArgs): Problem[] {
    const problems = new Problems("AdxDatabase");
    problems.require((args.cluster === undefined) !== (args.existingCluster === undefined), "", "exactly one of cluster (create one) and existingCluster (adopt one by id) must be set");
    if (args.existingCluster) {
        problems.require(parseClusterId(args.existingCluster.id) !== undefined, "existingCluster.id", `must be /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Kusto/clusters/<name>, got "${args.existingCluster.id}"`);
    }
    if (args.cluster && typeof args.cluster.name === "string") {
        problems.require(/^[a-z][a-z0-9]{3,21}$/.test(args.cluster.name), "cluster.name", `must be 4-22 lowercase letters and digits starting with a letter, got "${args.cluster.name}"`);
    }
    if (args.cluster) {
        problems.require(["Enabled", "Disabled"].includes(args.cluster.publicNetworkAccess), "cluster.publicNetworkAccess", `must be "Enabled" or "Disabled" (a deliberate choice), got "${String(args.cluster.publicNetworkAccess)}"`);
    }
    for (const key of ["softDeletePeriodDays", "hotCachePeriodDays"] as const) {
        const days = args[key];
        problems.require(days === undefined || (Number.isInteger(days) && days >= 1 && days <= 36500), key, `must be a whole number of days from 1 to 36500, got ${days}`);
    }
    problems.require(
        (args.hotCachePeriodDays ?? 31) <= (args.softDeletePeriodDays ?? 365),
        "hotCachePeriodDays",
        `(${args.hotCachePeriodDays ?? 31}) must not exceed softDeletePeriodDays (${args.softDeletePeriodDays ?? 365})`,
    );
    if (args.eventHub) {
        problems.addAll(eventHubConnectionProblems(args.eventHub, args.existingCluster === undefined || args.existingCluster.principalId !== undefined), "eventHub");
    }
    return [...problems.all];
}

/** Problems of an Event Hub connection's args; `hasPrincipal` says whether the cluster's identity is known to grant it the receiver role. */
function eventHubConnectionProblems(args: AdxEventHubConnectionArgs, hasPrincipal: boolean): Problem[] {
    const problems = new Problems("eventHub");
    if (typeof args.eventHubResourceId === "string") {
        problems.require(EVENT_HUB_ID.test(args.eventHubResourceId), "eventHubResourceId", eventHubIdMessage(args.eventHubResourceId));
    }
    problems.require(
        !(args.grantReceiverRole ?? true) || hasPrincipal,
        "grantReceiverRole",
        "needs existingCluster.principalId (the default is true): the cluster identity must be allowed to read the hub; give the principal or set grantReceiverRole: false",
    );
    return [...problems.all];
}

function eventHubIdMessage(id: string): string {
    return `must be an event hub ARM id (/subscriptions/.../providers/Microsoft.EventHub/namespaces/<ns>/eventhubs/<hub>), got "${id}"`;
}

/** An Azure Data Explorer database (on a new or adopted cluster), optionally fed from Event Hubs. */
export class AdxDatabase extends pulumi.ComponentResource implements KqlDatabaseTarget {
    readonly clusterId: pulumi.Output<string>;
    readonly queryServiceUri: pulumi.Output<string>;
    readonly ingestionServiceUri: pulumi.Output<string>;
    readonly databaseName: pulumi.Output<string>;
    readonly databaseId: pulumi.Output<string>;

    private readonly baseName: string;
    private readonly clusterName: pulumi.Output<string>;
    private readonly resourceGroupName: pulumi.Output<string>;
    /**
     * The cluster's system-assigned identity (principal id); undefined for an adopted cluster without `existingCluster.principalId`.
     * Grant it archive write access (`MedallionSchema` `archiveExport.writer`); `MedallionSchema` with `backend: "adx"` sets the
     * database's managed identity policy that lets the export run as it, which needs AllDatabasesAdmin for the deployer
     * (no ARM resource sets that policy).
     */
    readonly principalId?: pulumi.Output<string | undefined>;
    private readonly database: kusto.ReadWriteDatabase;

    constructor(name: string, args: AdxDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        ValidationError.throwIfAny(`AdxDatabase ${name}`, validateAdxDatabaseArgs(args));
        super("edge-fabric:cloud:AdxDatabase", name, {}, opts);
        this.baseName = name;
        if (args.cluster) {
            const c = args.cluster;
            const cluster = new kusto.Cluster(`${name}-cluster`, secureClusterArgs(c), { parent: this });
            this.clusterId = cluster.id;
            this.clusterName = cluster.name;
            this.resourceGroupName = pulumi.output(c.resourceGroupName);
            this.queryServiceUri = cluster.uri;
            this.ingestionServiceUri = cluster.dataIngestionUri;
            this.principalId = cluster.identity.apply((i) => i?.principalId);
        } else {
            const existing = args.existingCluster as AdxExistingClusterArgs;
            const parsed = parseClusterId(existing.id) as NonNullable<ReturnType<typeof parseClusterId>>;
            this.clusterId = pulumi.output(existing.id);
            this.clusterName = pulumi.output(parsed.clusterName);
            this.resourceGroupName = pulumi.output(parsed.resourceGroupName);
            this.queryServiceUri = pulumi.output(existing.uri);
            this.ingestionServiceUri = pulumi.output(existing.uri).apply((u) => u.replace(/^https:\/\//, "https://ingest-"));
            this.principalId = existing.principalId === undefined ? undefined : pulumi.output(existing.principalId);
        }

        this.database = new kusto.ReadWriteDatabase(
            `${name}-database`,
            {
                kind: "ReadWrite",
                clusterName: this.clusterName,
                resourceGroupName: this.resourceGroupName,
                databaseName: args.databaseName ?? name,
                softDeletePeriod: `P${args.softDeletePeriodDays ?? 365}D`,
                hotCachePeriod: `P${args.hotCachePeriodDays ?? 31}D`,
            },
            { parent: this },
        );
        // ARM names a database "<cluster>/<database>"; the KQL name is the one asked for, once the database exists.
        this.databaseName = pulumi.all([this.database.id, args.databaseName ?? name]).apply(([, db]) => db);
        this.databaseId = this.database.id;
        if (args.eventHub) {
            this.addEventHubConnection(args.eventHub);
        }
        this.registerOutputs({
            clusterId: this.clusterId,
            queryServiceUri: this.queryServiceUri,
            ingestionServiceUri: this.ingestionServiceUri,
            databaseName: this.databaseName,
            databaseId: this.databaseId,
        });
    }

    /**
     * Adds the Event Hub data connection into Bronze (and the receiver role for the cluster identity).
     * Use it instead of the `eventHub` arg when the Bronze table is created from this component's outputs.
     */
    addEventHubConnection(args: AdxEventHubConnectionArgs): kusto.EventHubDataConnection {
        const name = this.baseName;
        const dependsOn: pulumi.Input<pulumi.Resource>[] = [...(args.dependsOn ?? [])];
        const problems = eventHubConnectionProblems(args, this.principalId !== undefined);
        if (problems.length > 0) {
            throw new pulumi.ResourceError(new ValidationError(`AdxDatabase ${name}`, under("eventHub", problems)).message, this);
        }
        if ((args.grantReceiverRole ?? true) && this.principalId) {
            dependsOn.push(
                new authorization.RoleAssignment(
                    `${name}-eventhub-receiver`,
                    {
                        principalId: this.principalId.apply((p) => p ?? ""),
                        principalType: "ServicePrincipal",
                        roleDefinitionId: pulumi.output(args.eventHubResourceId).apply((id) => receiverRoleDefinitionId(id, this)),
                        scope: args.eventHubResourceId,
                    },
                    { parent: this },
                ),
            );
        }
        return new kusto.EventHubDataConnection(
            `${name}-eventhub`,
            {
                kind: "EventHub",
                clusterName: this.clusterName,
                resourceGroupName: this.resourceGroupName,
                databaseName: this.databaseName,
                eventHubResourceId: args.eventHubResourceId,
                consumerGroup: args.consumerGroup,
                tableName: args.tableName ?? BRONZE_TABLE,
                mappingRuleName: args.mappingName ?? BRONZE_MAPPING,
                dataFormat: "JSON",
                managedIdentityResourceId: this.clusterId,
                eventSystemProperties: args.eventSystemProperties,
            },
            { parent: this, dependsOn },
        );
    }
}
