/**
 * The keyless Fabric hot path: an Eventstream whose source is a custom endpoint the edge writes to
 * over Kafka with Entra ID, and whose destination is a KQL database's Bronze table. Fabric authorizes
 * a writer by its workspace role, Contributor or higher, not by Azure IAM
 * (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/custom-endpoint-entra-id-auth,
 * https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-fabric-real-time-intelligence),
 * so no key exists and the Event Hubs namespace keeps local auth off. Used by an own Eventhouse
 * (`Eventhouse.addEdgeEndpoint`, the standby's too) and by a site that lands in a shared Eventhouse's
 * database, whose Eventstream lives in the serving workspace.
 */
import * as pulumi from "@pulumi/pulumi";
import { EventstreamItem, EventstreamSourceConnection, FabricWorkspaceRoleAssignment } from "../../providers/fabric";
import { BRONZE_MAPPING, BRONZE_TABLE } from "./kql-target";

/** Where the Eventstream lives and writes, and who writes to it. */
export interface EdgeEndpointArgs {
    /** Workspace of the Eventstream (the writers are made Contributor on it). */
    workspaceId: pulumi.Input<string>;
    /** KQL database item the Eventstream writes Bronze into (any Eventhouse the workspace can reach). */
    databaseItemId: pulumi.Input<string>;
    /** Object ids of the service principals that write (the AIO extension identity), each made Contributor on the workspace. */
    writers: pulumi.Input<string>[];
    /** Eventstream display name. */
    displayName: pulumi.Input<string>;
    /** Fabric REST base URL. Defaults to `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
    /** Delete the Eventstream permanently on destroy. Defaults to false. */
    hardDelete?: pulumi.Input<boolean>;
    /** Resources that create Bronze and its mapping (the medallion schema); the Eventstream waits for them. */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** What the edge needs to write to an Eventstream custom endpoint, and what must exist before it does. */
export interface EdgeEndpoint {
    /** `<namespace>.servicebus.windows.net:9093`: the AIO Kafka endpoint's host. */
    bootstrapServer: pulumi.Output<string>;
    /** `es_<guid>`: the Kafka topic. */
    topic: pulumi.Output<string>;
    /** The Eventstream, its address lookup and the writers' role assignments. */
    resources: pulumi.Resource[];
}

/**
 * The Eventstream (custom endpoint -> Bronze), each writer's Contributor role on its workspace and the
 * endpoint's Kafka address (its SAS keys are dropped on arrival), named `<baseName>-...` under `parent`.
 */
export function edgeEndpoint(baseName: string, args: EdgeEndpointArgs, parent: pulumi.Resource): EdgeEndpoint {
    const common = { apiBaseUrl: args.apiBaseUrl };
    const eventstream = new EventstreamItem(
        `${baseName}-eventstream`,
        {
            ...common,
            hardDelete: args.hardDelete ?? false,
            workspaceId: args.workspaceId,
            displayName: args.displayName,
            sourceKind: "CustomEndpoint",
            databaseItemId: args.databaseItemId,
            tableName: BRONZE_TABLE,
            mappingName: BRONZE_MAPPING,
        },
        { parent, dependsOn: args.dependsOn },
    );
    const roles = args.writers.map(
        (principalId, i) => new FabricWorkspaceRoleAssignment(`${baseName}-writer-${i}`, { ...common, workspaceId: args.workspaceId, principalId, principalType: "ServicePrincipal", role: "Contributor" }, { parent }),
    );
    const address = new EventstreamSourceConnection(`${baseName}-edge-endpoint`, { ...common, workspaceId: args.workspaceId, eventstreamId: eventstream.itemId }, { parent });
    return { bootstrapServer: address.bootstrapServer, topic: address.topic, resources: [eventstream, address, ...roles] };
}
