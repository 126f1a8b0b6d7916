/**
 * edge -> Event Hubs: each AIO dataflow that writes to an Event Hubs Kafka endpoint (the namespace or
 * its geo-DR alias, port 9093). The dataflow authenticates with the AIO extension's managed identity,
 * which needs "Azure Event Hubs Data Sender" on the hub or its namespace
 * (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-kafka-endpoint),
 * and copies its source topic into the document, because the Kafka key does not become
 * `x-opt-partition-key` (https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-messaging-event-hubs-producer).
 */
import { ASSET_TOPIC_FIELD, ASSET_TOPIC_MAP } from "../../edge/asset-key";
import type { AuthMode, DataPathInput, HopFacts, HopProblem, ResourceView } from "../hop-types";
import { Plan, shortId, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { hasPrivateEndpoint, networkPath, targetName } from "./network";

const EVENT_HUBS_HOST = /^([^.:]+)\.servicebus\.[^:]+:9093$/;

interface KafkaEndpoint {
    name: string;
    host: string;
    /** Namespace or alias name, the first label of the host. */
    label: string;
    auth: AuthMode;
    clientId?: string;
}

export interface Operation {
    operationType?: string;
    sourceSettings?: { dataSources?: string[] };
    builtInTransformationSettings?: { map?: { inputs?: string[]; output?: string }[]; schemaRef?: string };
    destinationSettings?: { endpointRef?: string; dataDestination?: string };
}

/** The Event Hubs Kafka endpoints of the plan, by endpoint name. */
function eventHubsEndpoints(plan: Plan): Map<string, KafkaEndpoint> {
    const out = new Map<string, KafkaEndpoint>();
    for (const r of plan.ofType(TYPES.dataflowEndpoint)) {
        const props = r.inputs.properties as { endpointType?: string; kafkaSettings?: { host?: string; authentication?: { method?: string; userAssignedManagedIdentitySettings?: { clientId?: string } } } } | undefined;
        const host = props?.kafkaSettings?.host;
        const match = host === undefined ? null : EVENT_HUBS_HOST.exec(host);
        const name = text(r.inputs.dataflowEndpointName);
        if (props?.endpointType !== "Kafka" || !match || host === undefined || name === undefined || isEventstreamEndpoint(plan, r)) {
            continue;
        }
        const method = props.kafkaSettings?.authentication?.method;
        out.set(name, { name, host, label: match[1], auth: method === "Sasl" ? "shared-access-key" : "entra-managed-identity", clientId: props.kafkaSettings?.authentication?.userAssignedManagedIdentitySettings?.clientId });
    }
    return out;
}

/**
 * The namespace a host label names: the namespace itself, or the primary of the geo-DR alias of that
 * name, with the alias's secondary (the namespace the alias resolves to after a failover).
 */
export function namespaceOfLabel(plan: Plan, label: string): { namespace?: ResourceView; viaAlias: boolean; secondary?: ResourceView } {
    const direct = plan.byArmId(`/namespaces/${label}`);
    if (direct) {
        return { namespace: direct, viaAlias: false };
    }
    const alias = plan.ofType(TYPES.drConfig).find((r) => r.inputs.alias === label);
    return {
        namespace: alias ? plan.byArmId(`/namespaces/${String(alias.inputs.namespaceName)}`) : undefined,
        viaAlias: alias !== undefined,
        secondary: alias ? plan.resolve(alias, "partnerNamespace", [TYPES.namespace]) : undefined,
    };
}

/**
 * After a failover the alias resolves to the secondary namespace, so the edge needs a private path to it
 * as well: a namespace with public access off is reached only through a private endpoint, which may sit
 * in a VNet of another region than the namespace (https://learn.microsoft.com/azure/event-hubs/private-link-service).
 */
function secondaryProblems(plan: Plan, secondary: ResourceView | undefined, primaryPath: string): HopProblem[] {
    if (secondary === undefined || primaryPath !== "private endpoint" || secondary.inputs.publicNetworkAccess !== "Disabled" || hasPrivateEndpoint(plan, secondary)) {
        return [];
    }
    return [
        {
            aspect: "network",
            missing: `after a geo-DR failover the alias resolves to secondary namespace ${targetName(secondary)}, which has public network access off and no private endpoint, so the edge could not reconnect`,
            configPath: "network.private",
            fix: "give network.private.subnetId: the site creates a private endpoint for the secondary namespace in the same subnet (a private endpoint may serve a namespace in another region)",
            source: SOURCES.privateEndpoint,
        },
    ];
}

/** A Kafka endpoint whose address comes from an Eventstream custom endpoint (not an Event Hubs namespace of the plan). */
export function isEventstreamEndpoint(plan: Plan, endpoint: ResourceView): boolean {
    return plan.referenced(endpoint, "properties").some((r) => r.type === TYPES.sourceConnection);
}

/** Whether a hot dataflow copies its source topic into the document, and the asset-key cell that says so. */
export function assetKeyOf(flow: ResourceView, operations: Operation[]): { text: string; problems: HopProblem[] } {
    const maps = operations.flatMap((o) => o.builtInTransformationSettings?.map ?? []);
    if (maps.some((m) => m.output === ASSET_TOPIC_FIELD && m.inputs?.length === 1 && m.inputs[0] === ASSET_TOPIC_MAP.inputs[0])) {
        return { text: `document field ${ASSET_TOPIC_FIELD} (the source topic <site>/<line>/<asset>); Kafka key = the same topic`, problems: [] };
    }
    return {
        text: "Kafka key only (lost: not promoted to x-opt-partition-key)",
        problems: [
            {
                aspect: "asset",
                missing: `dataflow ${String(flow.inputs.dataflowName)} does not copy its source topic into the document (${ASSET_TOPIC_FIELD} from $metadata.topic); the Kafka key reaches Event Hubs readers as x-opt-kafka-key at best, never as x-opt-partition-key, so Silver's Asset would be empty`,
                configPath: "edge.hot",
                fix: `map $metadata.topic to ${ASSET_TOPIC_FIELD} in the hot dataflow (AioDataflows does this for every hot path)`,
                source: SOURCES.kafkaKey,
            },
        ],
    };
}

/** The dataflows of the plan with their operations and destination. */
export function dataflowsOf(plan: Plan): { flow: ResourceView; operations: Operation[]; destination?: Operation["destinationSettings"] }[] {
    return plan.ofType(TYPES.dataflow).map((flow) => {
        const operations = (flow.inputs.properties as { operations?: Operation[] } | undefined)?.operations ?? [];
        return { flow, operations, destination: operations.find((o) => o.operationType === "Destination")?.destinationSettings };
    });
}

export function edgeToEventHubs(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    const endpoints = eventHubsEndpoints(plan);
    const hops: HopFacts[] = [];
    for (const { flow, operations, destination } of dataflowsOf(plan)) {
        const endpoint = endpoints.get(destination?.endpointRef ?? "");
        if (!endpoint || destination?.dataDestination === undefined) {
            continue;
        }
        const hubName = destination.dataDestination;
        const { namespace, viaAlias, secondary } = namespaceOfLabel(plan, endpoint.label);
        const network = networkPath(plan, namespace);
        const hub = namespace ? plan.byArmId(`/namespaces/${String(namespace.inputs.namespaceName)}/eventhubs/${hubName}`) : undefined;
        const aio = input.site.principals.aio;
        const problems: HopProblem[] = [];
        const asset = assetKeyOf(flow, operations);
        problems.push(...asset.problems, ...secondaryProblems(plan, secondary, network));
        if (hub && endpoint.auth === "entra-managed-identity" && plan.grants(["eventHubsDataSender"], hub, { id: aio }).length === 0) {
            problems.push({
                aspect: "role",
                missing: `the AIO identity ${aio === undefined ? "" : `${aio} `}has no Azure Event Hubs Data Sender role on event hub ${hubName} or its namespace`,
                configPath: "edge.identity.principalId",
                fix: "set it to the object id of the AIO extension's identity: the site grants it Data Sender on the hub",
                source: SOURCES.aioKafka,
            });
        }
        hops.push({
            id: `edge-eventhubs:${String(flow.inputs.dataflowName)}`,
            hop: "edge -> Event Hubs",
            producer: `AIO dataflow ${String(flow.inputs.dataflowName)} (instance ${String(flow.inputs.instanceName)})`,
            consumer: `event hub ${hubName} at ${endpoint.host}${viaAlias ? " (geo-DR alias)" : ""}`,
            transport: "Kafka over TLS, port 9093",
            principal: endpoint.auth === "shared-access-key" ? `SAS key in the endpoint's secret` : endpoint.clientId ? `AIO user-assigned identity (client ${shortId(endpoint.clientId)})` : `AIO extension identity ${shortId(aio)}`,
            auth: endpoint.auth,
            role: endpoint.auth === "entra-managed-identity" ? { name: "Azure Event Hubs Data Sender", scope: `event hub ${hubName}` } : undefined,
            network,
            assetKey: asset.text,
            target: namespace?.urn,
            problems,
        });
    }
    return hops;
}
