/**
 * Event Hubs -> Bronze, for the primary KQL database and (with `dr.standbyDatabase`) the standby: an
 * Eventstream (Fabric) or an ADX Event Hubs data connection per database. A database with none gets
 * no data at all; that is a plan error, not a quiet gap.
 *
 * - Eventstream's Azure Event Hubs source reads through a Fabric cloud connection with its own
 *   consumer group (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/add-source-azure-event-hubs),
 *   with a shared access key only, which a namespace with local auth off refuses
 *   (https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature); it reaches a
 *   namespace without public access only through a Fabric managed private endpoint
 *   (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint).
 * - An Eventstream whose source is a custom endpoint gets its events from the edge (hop
 *   `edge -> Eventstream`) and writes them to Bronze inside Fabric.
 * - An ADX data connection reads with the cluster's managed identity, which needs "Azure Event Hubs
 *   Data Receiver", and reaches a namespace without public access as a trusted Microsoft service
 *   (https://learn.microsoft.com/azure/event-hubs/event-hubs-ip-filtering#trusted-microsoft-services); it embeds only a closed set of system properties, `x-opt-partition-key` among
 *   them, never `x-opt-kafka-key` (https://learn.microsoft.com/azure/data-explorer/ingest-data-event-hub-overview).
 * - A standby database reads the same stream through its own consumer group: the geo-DR alias
 *   copies metadata, not events (https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr).
 * Each ingestion waits for the schema (Bronze and its mapping), else its first messages fail.
 */
import { ASSET_TOPIC_FIELD } from "../../edge/asset-key";
import type { DataPathInput, HopFacts, HopProblem, ResourceView } from "../hop-types";
import { Plan, shortId, text, TYPES } from "../resources";
import { SOURCES } from "../sources";
import { networkPath } from "./network";

/** Whether `r` belongs to the DisasterRecovery component (the standby region), directly or through its parents. */
export function inStandbyRegion(plan: Plan, r: ResourceView): boolean {
    for (let x: ResourceView | undefined = r, depth = 0; x !== undefined && depth < 32; x = plan.get(x.parent), depth++) {
        if (x.urn.includes("edge-fabric:cloud:DisasterRecovery$") || x.type === "edge-fabric:cloud:DisasterRecovery") {
            return true;
        }
    }
    return false;
}

interface Ingestion {
    resource: ResourceView;
    kind: "eventstream" | "adx";
    /** The database resource it writes to, when the plan creates it. */
    database?: ResourceView;
    consumerGroup?: string;
}

function ingestions(plan: Plan): Ingestion[] {
    return [
        ...plan.ofType(TYPES.eventstream).map((r): Ingestion => ({ resource: r, kind: "eventstream", database: plan.referenced(r, "databaseItemId")[0], consumerGroup: text(r.inputs.consumerGroup) })),
        ...plan.ofType(TYPES.adxConnection).map((r): Ingestion => ({ resource: r, kind: "adx", database: plan.referenced(r, "databaseName").find((d) => d.type === TYPES.adxDatabase), consumerGroup: text(r.inputs.consumerGroup) })),
    ];
}

/** The site's event hub (the one the edge writes to, in the primary region). */
function siteHub(plan: Plan): ResourceView | undefined {
    return plan.ofType(TYPES.eventHub).find((h) => !inStandbyRegion(plan, h));
}

function hubOf(plan: Plan, ingestion: Ingestion): ResourceView | undefined {
    return ingestion.kind === "adx" ? plan.resolve(ingestion.resource, "eventHubResourceId", [TYPES.eventHub]) : siteHub(plan);
}

/** The key behind an Eventstream's Event Hubs source when the plan creates it: the Fabric connection and the rule whose key it holds. */
interface ListenKey {
    connectionName: string;
    ruleName: string;
    rights: string[];
    problems: HopProblem[];
}

/**
 * The connection the Eventstream names (by `dataConnectionId`) and the hub rule it waits for. The rule must
 * grant Listen, which reading needs, and nothing more: Send or Manage would let the key's holder write to or
 * reconfigure the hub (https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature).
 * Undefined for an adopted connection, whose key the plan cannot see.
 */
function listenKeyOf(plan: Plan, eventstream: ResourceView): ListenKey | undefined {
    const connection = plan.referenced(eventstream, "eventHubConnectionId").find((r) => r.type === TYPES.connection);
    if (!connection) {
        return undefined;
    }
    const rule = connection.dependencies.map((u) => plan.get(u)).find((r) => r?.type === TYPES.hubRule);
    const rights = Array.isArray(rule?.inputs.rights) ? (rule.inputs.rights as unknown[]).map(String) : [];
    const ruleName = text(rule?.inputs.authorizationRuleName) ?? rule?.name ?? "(none)";
    const problems: HopProblem[] = [];
    if (!rights.includes("Listen")) {
        problems.push({ aspect: "auth", missing: `the Fabric connection holds no key of a Listen rule on the event hub (${rule ? `rule ${ruleName} grants ${rights.join(", ") || "nothing"}` : "no hub rule is planned"}), so the Eventstream cannot read`, configPath: "serving.eventstreamSource", fix: "let the site create the connection (eventstreamSource: eventHubs without eventHubConnectionId): it holds the key of a Listen rule on the hub", source: SOURCES.localAuth });
    } else if (rights.length > 1) {
        problems.push({ aspect: "auth", missing: `rule ${ruleName} grants ${rights.join(", ")}: the Eventstream only reads, and a key with Send or Manage lets its holder write to or reconfigure the hub`, configPath: "serving.eventstreamSource", fix: "give the rule Listen only", source: SOURCES.localAuth });
    }
    return { connectionName: text(connection.inputs.displayName) ?? connection.name, ruleName, rights, problems };
}

export function intoBronze(input: DataPathInput): HopFacts[] {
    const plan = Plan.of(input);
    const all = ingestions(plan);
    const hub = siteHub(plan);
    const hubName = text(hub?.inputs.eventHubName) ?? "(the site's event hub)";
    return plan.ofType(TYPES.schema).flatMap((schema): HopFacts[] => {
        const standby = inStandbyRegion(plan, schema);
        const where = standby ? "standby database" : "database";
        const feeding = all.filter((i) => (i.database !== undefined && schema.dependencies.includes(i.database.urn)) || plan.waitsFor(i.resource, schema));
        if (feeding.length === 0) {
            return [
                {
                    id: standby ? "standby-ingestion" : "eventhubs-bronze",
                    hop: standby ? "standby ingestion" : "Event Hubs -> Bronze",
                    producer: `event hub ${hubName}`,
                    consumer: `Bronze in the ${where}`,
                    transport: "none: no ingestion is planned",
                    principal: "-",
                    auth: "entra-managed-identity",
                    network: "public endpoint",
                    assetKey: "-",
                    planned: false,
                    problems: [
                        {
                            aspect: "ingestion",
                            missing: `nothing reads event hub ${hubName} into Bronze of the ${where}: no Eventstream or data connection is planned, so telemetry stops at Event Hubs`,
                            configPath: standby ? "dr.standby.eventHubConnectionId" : "serving.databaseId",
                            fix: standby
                                ? "give the standby Eventstream its Fabric connection to the alias"
                                : "on a shared Eventhouse give the item id of the site's KQL database: the site then creates its own Eventstream, whose custom endpoint the edge writes to with its managed identity (no key); the site's own Eventhouse gets one by itself",
                            source: SOURCES.eventstreamEventHubs,
                        },
                    ],
                },
            ];
        }
        return feeding.map((i): HopFacts => {
            const source = hubOf(plan, i) ?? hub;
            const namespace = source ? plan.enclosing(source) : undefined;
            const problems: HopProblem[] = [];
            const group = i.consumerGroup ?? "$Default";
            const groups = plan.ofType(TYPES.consumerGroup).filter((g) => g.inputs.consumerGroupName === group);
            if (group !== "$Default" && groups.length === 0) {
                problems.push({ aspect: "ingestion", missing: `consumer group ${group} is not created on event hub ${hubName}`, configPath: "eventHubs", fix: "create the consumer group the reader names (HybridSite creates one per reader)", source: SOURCES.adxEventHubs });
            }
            if (!plan.waitsFor(i.resource, schema)) {
                problems.push({ aspect: "order", missing: `the ingestion does not wait for the medallion schema, so messages can arrive before Bronze and its mapping exist`, configPath: "serving", fix: "create the ingestion after the MedallionSchema (dependsOn)", source: SOURCES.adxEventHubs });
            }
            if (i.kind === "adx") {
                const cluster = plan.resolve(i.resource, "managedIdentityResourceId", [TYPES.adxCluster]);
                if (source && plan.grants(["eventHubsDataReceiver"], source, cluster ? { identityOf: cluster } : {}).length === 0) {
                    problems.push({
                        aspect: "role",
                        missing: `the ${cluster ? "" : "shared "}cluster's managed identity has no Azure Event Hubs Data Receiver role on event hub ${hubName} or its namespace`,
                        configPath: "serving.principalId",
                        fix: "set it to the object id of the shared cluster's identity, so the site grants it Data Receiver on its hub",
                        source: SOURCES.adxEventHubs,
                    });
                }
                const properties = Array.isArray(i.resource.inputs.eventSystemProperties) ? (i.resource.inputs.eventSystemProperties as string[]) : [];
                return {
                    id: standby ? "standby-ingestion" : "eventhubs-bronze",
                    hop: standby ? "standby ingestion" : "Event Hubs -> ADX (Bronze)",
                    producer: `event hub ${hubName}, consumer group ${group}`,
                    consumer: `Bronze in the ${where} ${text(i.resource.inputs.databaseName) ?? ""}`.trim(),
                    transport: "AMQP over TLS, port 5671 (ADX data connection)",
                    principal: cluster ? `the ADX cluster's system identity (${cluster.name})` : "the shared ADX cluster's identity",
                    auth: "entra-managed-identity",
                    role: { name: "Azure Event Hubs Data Receiver", scope: `event hub ${hubName}` },
                    // The cluster connects from Microsoft's network, not through the site's private endpoint.
                    network: networkPath(plan, namespace, "azure"),
                    origin: "azure",
                    assetKey: `document field ${ASSET_TOPIC_FIELD}${properties.length > 0 ? `; embedded ${properties.join(", ")}` : ""}`,
                    target: namespace?.urn,
                    problems,
                };
            }
            if (i.resource.inputs.sourceKind === "CustomEndpoint") {
                return {
                    id: standby ? "standby-ingestion" : "eventstream-bronze",
                    hop: standby ? "standby ingestion" : "Eventstream -> Eventhouse (Bronze)",
                    producer: `custom endpoint of Eventstream ${text(i.resource.inputs.displayName) ?? i.resource.name} (written by the edge)`,
                    consumer: `Bronze in the ${where}`,
                    transport: "inside Fabric (Eventstream to its KQL database destination)",
                    principal: "the Eventstream item",
                    auth: "entra-user-or-principal",
                    network: "inside Fabric",
                    assetKey: `document field ${ASSET_TOPIC_FIELD}`,
                    problems,
                };
            }
            const key = listenKeyOf(plan, i.resource);
            if (key) {
                problems.push(...key.problems);
            }
            if (namespace?.inputs.disableLocalAuth === true) {
                problems.push({
                    aspect: "auth",
                    missing: `the Eventstream's Azure Event Hubs source authenticates with a shared access key only, and namespace ${text(namespace.inputs.namespaceName) ?? namespace.name} has local (SAS) auth off, so it refuses the connection`,
                    configPath: standby ? "dr.standby.eventHubConnectionId" : "serving.eventHubConnectionId",
                    fix: standby
                        ? "read the standby from a namespace whose owner keeps local auth on, or give the standby no Fabric connection"
                        : "remove it: the edge then writes to the Eventstream's custom endpoint with its managed identity (no key); or remove it and set serving.eventstreamSource: eventHubs, so the site creates a Listen rule on its hub, turns local auth on for it and puts the key into a connection of its own; an adopted connection needs a namespace whose owner keeps local auth on",
                    source: SOURCES.localAuth,
                });
            }
            // Fabric reaches a namespace without public access only through its managed private endpoint.
            const managed = namespace !== undefined && plan.ofType(TYPES.managedPrivateEndpoint).some((m) => plan.referenced(m, "targetPrivateLinkResourceId").some((r) => r.urn === namespace.urn));
            return {
                id: standby ? "standby-ingestion" : "eventhubs-bronze",
                hop: standby ? "standby ingestion" : "Event Hubs -> Eventhouse (Bronze)",
                producer: `event hub ${hubName}, consumer group ${group}`,
                consumer: `Bronze in the ${where} (Eventstream ${text(i.resource.inputs.displayName) ?? i.resource.name})`,
                transport: "AMQP over TLS, port 5671 (Eventstream Azure Event Hubs source)",
                principal: key ? `Fabric connection ${key.connectionName}, created by the site` : `Fabric cloud connection ${shortId(text(i.resource.inputs.eventHubConnectionId))}`,
                auth: key ? "sas-listen-hub" : "shared-access-key",
                role: key ? { name: `shared access rule ${key.ruleName} (${key.rights.join(", ") || "no rights"})`, scope: `event hub ${hubName}` } : undefined,
                network: managed ? "managed private endpoint" : "public endpoint",
                origin: "fabric",
                assetKey: `document field ${ASSET_TOPIC_FIELD}`,
                target: namespace?.urn,
                problems,
            };
        });
    });
}
