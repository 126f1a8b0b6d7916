/**
 * Eventstream items (`microsoft/fabric-rest-api-specs/eventstream/`): a source routed to a KQL table with its ingestion
 * mapping, as the `eventstream.json` definition part. The source is an Azure Event Hub (through a
 * Fabric cloud connection holding a SAS key, read with its own consumer group) or a custom endpoint
 * the edge writes to over Kafka with its managed identity (`EventstreamSourceConnection` reads its
 * bootstrap server and topic). Topology changes go through `updateDefinition`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client-options";
import { eventstreamTopology, jsonPart, readEventstreamTopology, readJsonPart } from "./definitions";
import type { EventstreamSource, EventstreamTopology, ItemDefinition } from "./definitions";
import { itemProvider } from "./items";
import type { FabricItemArgs, FabricItemInputs, FabricItemOutputs, FabricResourceProvider, ItemKind } from "./items";
import { GUID } from "../../kusto/text";

export interface EventstreamInputs extends FabricItemInputs {
    /** `AzureEventHub` (read through a connection) or `CustomEndpoint` (written to by the edge). Default `AzureEventHub`. */
    sourceKind?: EventstreamSource["kind"];
    /** AzureEventHub: id of the Fabric cloud connection to the Event Hub (`dataConnectionId` of the source). */
    eventHubConnectionId?: string;
    /** AzureEventHub: the consumer group the Eventstream reads with; give it its own, not `$Default`. */
    consumerGroup?: string;
    /** The destination KQL database item (same workspace). */
    databaseItemId: string;
    /** Destination table. Default `Bronze`. */
    tableName: string;
    /** Ingestion mapping of the table. Default `bronze_mapping`. */
    mappingName: string;
}

export type EventstreamOutputs = FabricItemOutputs & EventstreamInputs;


function sourceOf(inputs: EventstreamInputs): EventstreamSource {
    return inputs.sourceKind === "CustomEndpoint" ? { kind: "CustomEndpoint" } : { kind: "AzureEventHub", connectionId: inputs.eventHubConnectionId ?? "", consumerGroup: inputs.consumerGroup ?? "" };
}

function definitionOf(inputs: EventstreamInputs): ItemDefinition {
    return {
        parts: [
            jsonPart(
                "eventstream.json",
                eventstreamTopology({
                    name: inputs.displayName,
                    source: sourceOf(inputs),
                    workspaceId: inputs.workspaceId,
                    databaseItemId: inputs.databaseItemId,
                    tableName: inputs.tableName,
                    mappingName: inputs.mappingName,
                }),
            ),
        ],
    };
}

export const eventstreamKind: ItemKind<EventstreamInputs, EventstreamOutputs> = {
    type: "Eventstream",
    collection: "eventstreams",
    needsGet: false,
    replaceKeys: [],
    // the default stream is named after the Eventstream, so a rename rewrites the topology too
    definitionKeys: ["sourceKind", "eventHubConnectionId", "consumerGroup", "databaseItemId", "tableName", "mappingName", "displayName"],
    validate: (inputs) => {
        const eventHub = inputs.sourceKind !== "CustomEndpoint";
        const guids = eventHub ? (["eventHubConnectionId", "databaseItemId"] as const) : (["databaseItemId"] as const);
        const required = eventHub ? (["consumerGroup", "tableName", "mappingName"] as const) : (["tableName", "mappingName"] as const);
        return [
            ...(inputs.sourceKind === undefined || inputs.sourceKind === "AzureEventHub" || inputs.sourceKind === "CustomEndpoint" ? [] : [{ property: "sourceKind", reason: `must be AzureEventHub or CustomEndpoint, got "${String(inputs.sourceKind)}"` }]),
            ...guids.filter((k) => !GUID.test(inputs[k] ?? "")).map((k) => ({ property: k, reason: `must be a GUID, got "${inputs[k]}"` })),
            ...required.filter((k) => !inputs[k]).map((k) => ({ property: k, reason: "must not be empty" })),
            ...(eventHub ? [] : (["eventHubConnectionId", "consumerGroup"] as const).filter((k) => inputs[k]).map((k) => ({ property: k, reason: "applies to an AzureEventHub source only; a custom endpoint has no connection or consumer group" }))),
        ];
    },
    createBody: (inputs) => ({ definition: definitionOf(inputs) }),
    definition: definitionOf,
    outputs: () => ({}),
    readInputs: async (client, _item, path) => {
        const definition = (await client.post<{ definition: ItemDefinition }>(`${path}/getDefinition`, undefined)).body?.definition;
        const read = readEventstreamTopology(readJsonPart<EventstreamTopology>(definition, "eventstream.json"));
        return {
            // An Event Hub source reads back as the default (no sourceKind), as it was declared.
            ...(read.sourceKind === "CustomEndpoint" ? { sourceKind: "CustomEndpoint" as const } : { eventHubConnectionId: read.eventHubConnectionId ?? "", consumerGroup: read.consumerGroup ?? "" }),
            databaseItemId: read.databaseItemId ?? "",
            tableName: read.tableName ?? "",
            mappingName: read.mappingName ?? "",
        };
    },
};

/** The Eventstream dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function eventstreamProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<EventstreamInputs, EventstreamOutputs> {
    return itemProvider(eventstreamKind, options);
}

const defaultProvider = eventstreamProvider();

export interface EventstreamItemArgs extends FabricItemArgs {
    /** Default `AzureEventHub`. */
    sourceKind?: pulumi.Input<EventstreamSource["kind"]>;
    /** Required for an AzureEventHub source. */
    eventHubConnectionId?: pulumi.Input<string>;
    /** Required for an AzureEventHub source. */
    consumerGroup?: pulumi.Input<string>;
    databaseItemId: pulumi.Input<string>;
    /** Default `Bronze`. */
    tableName?: pulumi.Input<string>;
    /** Default `bronze_mapping`. */
    mappingName?: pulumi.Input<string>;
}

/** An Eventstream event hub or custom endpoint -> KQL table. Type token `pulumi-nodejs:dynamic/fabric:Eventstream`; import id `<workspaceId>/<itemId>`. */
export class EventstreamItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;

    constructor(name: string, args: EventstreamItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { sourceKind: undefined, eventHubConnectionId: undefined, consumerGroup: undefined, tableName: "Bronze", mappingName: "bronze_mapping", description: "", hardDelete: false, apiBaseUrl: undefined, ...args, itemId: undefined, adopted: undefined }, opts, "fabric", "Eventstream");
    }
}
