/**
 * The keyed Fabric hot path, for a site that chooses it (`serving.eventstreamSource: eventHubs`): the
 * Eventstream reads the site's event hub through its Azure Event Hubs source, which authenticates with
 * a Shared Access Key only ("Authentication kind: Shared Access Key",
 * https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/add-source-azure-event-hubs).
 * The least key that serves it is a **Listen** rule on the one event hub: a namespace-wide rule's key
 * opens every hub, and Send or Manage would let a key holder write or reconfigure
 * (https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature). The key is read
 * from Azure on every `pulumi up` (`listEventHubKeys`), wrapped as a Pulumi secret at once and handed
 * only to a Fabric cloud connection (`FabricConnection`, `POST /v1/connections`), which keeps a
 * fingerprint of it in state; the Eventstream names the connection by its `dataConnectionId`.
 *
 * The connection holds what the portal's form asks for (the same page): the namespace, the event hub,
 * the rule's name and its key, i.e. credential type `Basic` (user name = rule, password = key). The type
 * `EventHub`, creation method `EventHub.Contents` and its parameters `endpoint` (the namespace's host)
 * and `entityPath` are not on Learn: `GET /v1/connections/supportedConnectionTypes` lists them, and
 * Microsoft's Azure Arc Jumpstart creates the same connection so
 * (github.com/microsoft/azure_arc, `azure_jumpstart_ag` Fabric setup scripts).
 */
import * as pulumi from "@pulumi/pulumi";
import { EventHubAuthorizationRule, listEventHubKeysOutput } from "@pulumi/azure-native/eventhub";
import { FabricConnection } from "../../providers/fabric";
import { azureName } from "./names";

/** The rule's name when the caller gives none. */
export const LISTEN_RULE_NAME = "fabric-listen";

/** Where the hub is and how the connection is named. */
export interface EventHubsListenConnectionArgs {
    resourceGroupName: pulumi.Input<string>;
    namespaceName: pulumi.Input<string>;
    /** `<namespace>.servicebus.windows.net`: the connection's `endpoint`. */
    namespaceHost: pulumi.Input<string>;
    eventHubName: pulumi.Input<string>;
    /** The Fabric connection's display name, unique in the tenant. */
    displayName: pulumi.Input<string>;
    /** The Listen rule's name on the hub. Defaults to `fabric-listen`. */
    ruleName?: string;
    /**
     * Skip Fabric's test of the connection on create and update. Defaults to false; true where Fabric
     * cannot reach the namespace yet (public access off and its managed private endpoint awaiting approval).
     */
    skipTestConnection?: boolean;
    /** Fabric REST base URL. Defaults to `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
    /** What creates the event hub; the rule waits for it. */
    dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** The connection an Eventstream source names, and the resources behind it. */
export interface EventHubsListenConnection {
    /** The Fabric connection's id: the Eventstream source's `dataConnectionId`. */
    connectionId: pulumi.Output<string>;
    rule: EventHubAuthorizationRule;
    connection: FabricConnection;
}

/** A Listen-only rule on the hub and a Fabric connection holding its primary key (a Pulumi secret), named `<baseName>-...` under `parent`. */
export function eventHubsListenConnection(baseName: string, args: EventHubsListenConnectionArgs, parent: pulumi.Resource): EventHubsListenConnection {
    const ruleName = args.ruleName ?? LISTEN_RULE_NAME;
    const rule = new EventHubAuthorizationRule(
        `${baseName}-listen-rule`,
        { authorizationRuleName: ruleName, resourceGroupName: args.resourceGroupName, namespaceName: args.namespaceName, eventHubName: args.eventHubName, rights: ["Listen"] },
        { parent, dependsOn: args.dependsOn },
    );
    const keys = listEventHubKeysOutput(
        { resourceGroupName: args.resourceGroupName, namespaceName: args.namespaceName, eventHubName: args.eventHubName, authorizationRuleName: azureName(rule, ruleName) },
        { parent },
    );
    const connection = new FabricConnection(
        `${baseName}-listen-connection`,
        {
            displayName: args.displayName,
            connectionType: "EventHub",
            creationMethod: "EventHub.Contents",
            parameters: [
                { name: "endpoint", value: args.namespaceHost },
                { name: "entityPath", value: args.eventHubName },
            ],
            credentialType: "Basic",
            username: ruleName,
            // Secret from the moment it is read: never in plain state, outputs or a preview's diff.
            secret: pulumi.secret(keys.primaryKey),
            skipTestConnection: args.skipTestConnection ?? false,
            apiBaseUrl: args.apiBaseUrl,
        },
        { parent, dependsOn: [rule] },
    );
    return { connectionId: connection.connectionId, rule, connection };
}
