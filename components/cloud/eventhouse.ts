/**
 * `Eventhouse`: the Fabric side of a site's KQL backend. Adopts a shared workspace by id (the common
 * case) or creates one, then an Eventhouse, its KQL database (by default the Eventhouse's own default
 * database, adopted rather than duplicated) and optionally an Eventstream into Bronze: from an Event
 * Hub through a Fabric connection (`addEventstream`), or from a custom endpoint the edge writes to with
 * its managed identity (`addEdgeEndpoint`, `edge-endpoint.ts`).
 *
 * Fabric items have no azure-native resources, so they are dynamic providers over the Fabric REST API
 * (`providers/fabric/`); the token comes from `$EDGE_FABRIC_FABRIC_TOKEN` or `DefaultAzureCredential`
 * when the provider runs, never from stack state.
 */
import * as pulumi from "@pulumi/pulumi";
import { EventhouseItem, EventstreamItem, FabricWorkspace, KqlDatabaseItem, validateMinimumConsumption } from "../../providers/fabric";
import { edgeEndpoint, type EdgeEndpoint } from "./edge-endpoint";
import { BRONZE_MAPPING, BRONZE_TABLE } from "./kql-target";
import type { KqlDatabaseTarget } from "./kql-target";
import { type Problem, Problems, ValidationError } from "../validation";
import { GUID } from "../../kusto/text";

/** Create a workspace instead of adopting one. */
export interface EventhouseWorkspaceArgs {
    displayName: pulumi.Input<string>;
    /** Fabric capacity id (GUID) the workspace runs on; Eventhouses need a Fabric capacity. */
    capacityId?: pulumi.Input<string>;
    /** Default "". */
    description?: pulumi.Input<string>;
}

/** An Eventstream that reads the site's Event Hub and ingests into the Bronze table. */
export interface EventhouseEventstreamArgs {
    /** Id of the Fabric cloud connection to the Event Hub (created in the Fabric portal or API). */
    eventHubConnectionId: pulumi.Input<string>;
    /** Consumer group the Eventstream reads with; give it its own (not `$Default`). */
    consumerGroup: pulumi.Input<string>;
    /** Eventstream display name. Default `<eventhouse name>-ingest`. */
    displayName?: pulumi.Input<string>;
    /** Destination table. Default `Bronze`. */
    tableName?: pulumi.Input<string>;
    /** The table's ingestion mapping. Default `bronze_mapping`. */
    mappingName?: pulumi.Input<string>;
    /**
     * Resources that create the table and mapping (the medallion schema); the Eventstream waits for
     * them. When the schema is built from this component's outputs, call `addEventstream` after it.
     */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The edge endpoint of an Eventhouse: `EdgeEndpointArgs` without what the Eventhouse knows (workspace, database). */
export interface EventhouseEdgeEndpointArgs {
    /** Object ids of the service principals that write (the AIO extension identity), each made Contributor on the workspace. */
    writers: pulumi.Input<string>[];
    /** Eventstream display name. Defaults to `<eventhouse name>-ingest`. */
    displayName?: pulumi.Input<string>;
    /** Resources that create Bronze and its mapping (the medallion schema); the Eventstream waits for them. */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export interface EventhouseArgs {
    /** Existing workspace to adopt (GUID). Exactly one of `workspaceId` and `workspace`. */
    workspaceId?: pulumi.Input<string>;
    /** Workspace to create. Exactly one of `workspaceId` and `workspace`. */
    workspace?: EventhouseWorkspaceArgs;
    /** Eventhouse display name (letters, digits, `_`, `.`, `-`). Default: the component name. */
    eventhouseName?: pulumi.Input<string>;
    /** Eventhouse description. Default "". */
    description?: pulumi.Input<string>;
    /**
     * Always-on minimum capacity (0, 2.25, 4.25, 8.5, 13, 18, 26, 34, 50 or 51..322). Default 0 (none).
     * The API cannot change it in place: a change replaces the Eventhouse and its data.
     */
    minimumConsumptionUnits?: number;
    /** KQL database name. Default: the Eventhouse name, i.e. the default database the Eventhouse creates, adopted. */
    databaseName?: pulumi.Input<string>;
    /** OneLake caching period of the database, days (1..36500). Default: the service default. */
    cachingPeriodDays?: number;
    /** OneLake standard storage period of the database, days (1..36500). Default: the service default. */
    standardStoragePeriodDays?: number;
    /** Optional Eventstream Event Hub -> Bronze. Default: none. */
    eventstream?: EventhouseEventstreamArgs;
    /** Delete items permanently on destroy instead of soft-deleting them. Default false. */
    hardDelete?: boolean;
    /** Fabric REST base URL (sovereign clouds). Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
}

const NAME = /^[A-Za-z0-9_.-]{1,256}$/;

/** Every problem in the args (empty when they can be built), each with its arg path. */
export function validateEventhouseArgs(name: string, args: EventhouseArgs): Problem[] {
    const problems = new Problems("Eventhouse");
    problems.require((args.workspaceId === undefined) !== (args.workspace === undefined), "", "exactly one of workspaceId (adopt an existing workspace) and workspace (create one) must be set");
    if (typeof args.workspaceId === "string") {
        problems.require(GUID.test(args.workspaceId), "workspaceId", `must be a workspace GUID, got "${args.workspaceId}"`);
    }
    const eventhouseName = args.eventhouseName ?? name;
    if (typeof eventhouseName === "string") {
        problems.require(NAME.test(eventhouseName), "eventhouseName", `must be 1-256 letters, digits, "_", "." or "-", got "${eventhouseName}"${args.eventhouseName === undefined ? " (defaulted from the component name)" : ""}`);
    }
    if (typeof args.databaseName === "string") {
        problems.require(NAME.test(args.databaseName), "databaseName", `must be 1-256 letters, digits, "_", "." or "-", got "${args.databaseName}"`);
    }
    validateMinimumConsumption(args.minimumConsumptionUnits ?? 0, "minimumConsumptionUnits").forEach((f) => problems.add(f.property, f.reason));
    for (const key of ["cachingPeriodDays", "standardStoragePeriodDays"] as const) {
        const days = args[key];
        problems.require(days === undefined || (Number.isInteger(days) && days >= 1 && days <= 36500), key, `must be a whole number of days from 1 to 36500, got ${days}`);
    }
    return [...problems.all];
}

/** A Fabric Eventhouse with its KQL database (and optionally an Eventstream), in a created or adopted workspace. */
export class Eventhouse extends pulumi.ComponentResource implements KqlDatabaseTarget {
    readonly workspaceId: pulumi.Output<string>;
    readonly eventhouseId: pulumi.Output<string>;
    readonly queryServiceUri: pulumi.Output<string>;
    readonly ingestionServiceUri: pulumi.Output<string>;
    readonly databaseName: pulumi.Output<string>;
    readonly databaseId: pulumi.Output<string>;
    /** The Eventstream's item id, when one was configured. */
    readonly eventstreamId?: pulumi.Output<string>;

    private readonly baseName: string;
    private readonly args: EventhouseArgs;
    private readonly eventhouseName: pulumi.Input<string>;
    private readonly database: KqlDatabaseItem;

    constructor(name: string, args: EventhouseArgs, opts?: pulumi.ComponentResourceOptions) {
        ValidationError.throwIfAny(`Eventhouse ${name}`, validateEventhouseArgs(name, args));
        super("edge-fabric:cloud:Eventhouse", name, {}, opts);
        this.baseName = name;
        this.args = args;
        const common = { apiBaseUrl: args.apiBaseUrl, hardDelete: args.hardDelete ?? false };

        const workspaceId = args.workspace
            ? new FabricWorkspace(`${name}-workspace`, { ...args.workspace, apiBaseUrl: args.apiBaseUrl }, { parent: this }).workspaceId
            : pulumi.output(args.workspaceId as pulumi.Input<string>);
        this.eventhouseName = args.eventhouseName ?? name;

        const eventhouse = new EventhouseItem(
            `${name}-eventhouse`,
            { ...common, workspaceId, displayName: this.eventhouseName, description: args.description, minimumConsumptionUnits: args.minimumConsumptionUnits ?? 0 },
            { parent: this },
        );
        this.database = new KqlDatabaseItem(
            `${name}-database`,
            {
                ...common,
                workspaceId,
                displayName: args.databaseName ?? this.eventhouseName,
                parentEventhouseItemId: eventhouse.itemId,
                cachingPeriodDays: args.cachingPeriodDays,
                standardStoragePeriodDays: args.standardStoragePeriodDays,
            },
            { parent: this },
        );

        this.workspaceId = workspaceId;
        this.eventhouseId = eventhouse.itemId;
        this.queryServiceUri = eventhouse.queryServiceUri;
        this.ingestionServiceUri = eventhouse.ingestionServiceUri;
        this.databaseName = this.database.databaseName;
        this.databaseId = this.database.itemId;
        if (args.eventstream) {
            this.eventstreamId = this.addEventstream(args.eventstream).itemId;
        }
        this.registerOutputs({
            workspaceId: this.workspaceId,
            eventhouseId: this.eventhouseId,
            queryServiceUri: this.queryServiceUri,
            ingestionServiceUri: this.ingestionServiceUri,
            databaseName: this.databaseName,
            databaseId: this.databaseId,
            eventstreamId: this.eventstreamId,
        });
    }

    /**
     * Adds the Eventstream Event Hub -> Bronze as a child. Use it instead of the `eventstream` arg when
     * the Bronze table is created from this component's outputs, passing the schema in `dependsOn`.
     */
    addEventstream(args: EventhouseEventstreamArgs): EventstreamItem {
        const displayName = args.displayName ?? pulumi.interpolate`${this.eventhouseName}-ingest`;
        return new EventstreamItem(
            `${this.baseName}-eventstream`,
            {
                apiBaseUrl: this.args.apiBaseUrl,
                hardDelete: this.args.hardDelete ?? false,
                workspaceId: this.workspaceId,
                displayName,
                eventHubConnectionId: args.eventHubConnectionId,
                consumerGroup: args.consumerGroup,
                databaseItemId: this.database.itemId,
                tableName: args.tableName ?? BRONZE_TABLE,
                mappingName: args.mappingName ?? BRONZE_MAPPING,
            },
            { parent: this, dependsOn: args.dependsOn },
        );
    }

    /**
     * Adds an Eventstream custom endpoint -> Bronze as a child, grants each writer Contributor on the
     * workspace and reads the endpoint's Kafka address (its SAS keys are dropped on arrival).
     */
    addEdgeEndpoint(args: EventhouseEdgeEndpointArgs): EdgeEndpoint {
        return edgeEndpoint(
            this.baseName,
            {
                workspaceId: this.workspaceId,
                databaseItemId: this.database.itemId,
                writers: args.writers,
                displayName: args.displayName ?? pulumi.interpolate`${this.eventhouseName}-ingest`,
                apiBaseUrl: this.args.apiBaseUrl,
                hardDelete: this.args.hardDelete,
                dependsOn: args.dependsOn,
            },
            this,
        );
    }
}
