/**
 * Eventstream items (`microsoft/fabric-rest-api-specs/eventstream/`): an Azure Event Hub source (through a Fabric cloud
 * connection, read with its own consumer group) routed to a KQL table with its ingestion mapping, as
 * the `eventstream.json` definition part. Topology changes go through `updateDefinition`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FabricClientOptions } from "./client";
import { eventstreamTopology, jsonPart, readEventstreamTopology, readJsonPart } from "./definitions";
import type { EventstreamTopology, ItemDefinition } from "./definitions";
import { itemProvider } from "./items";
import type { FabricItemArgs, FabricItemInputs, FabricItemOutputs, FabricResourceProvider, ItemKind } from "./items";

export interface EventstreamInputs extends FabricItemInputs {
    /** Id of the Fabric cloud connection to the Event Hub (`dataConnectionId` of the source). */
    eventHubConnectionId: string;
    /** Event Hub consumer group the Eventstream reads with; give it its own, not `$Default`. */
    consumerGroup: string;
    /** The destination KQL database item (same workspace). */
    databaseItemId: string;
    /** Destination table. Default `Bronze`. */
    tableName: string;
    /** Ingestion mapping of the table. Default `bronze_mapping`. */
    mappingName: string;
}

export type EventstreamOutputs = FabricItemOutputs & EventstreamInputs;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function definitionOf(inputs: EventstreamInputs): ItemDefinition {
    return {
        parts: [
            jsonPart(
                "eventstream.json",
                eventstreamTopology({
                    name: inputs.displayName,
                    eventHubConnectionId: inputs.eventHubConnectionId,
                    consumerGroup: inputs.consumerGroup,
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
    definitionKeys: ["eventHubConnectionId", "consumerGroup", "databaseItemId", "tableName", "mappingName", "displayName"],
    validate: (inputs) => [
        ...(["eventHubConnectionId", "databaseItemId"] as const).filter((k) => !GUID.test(inputs[k] ?? "")).map((k) => ({ property: k, reason: `must be a GUID, got "${inputs[k]}"` })),
        ...(["consumerGroup", "tableName", "mappingName"] as const).filter((k) => !inputs[k]).map((k) => ({ property: k, reason: "must not be empty" })),
    ],
    createBody: (inputs) => ({ definition: definitionOf(inputs) }),
    definition: definitionOf,
    outputs: () => ({}),
    readInputs: async (client, _item, path) => {
        const definition = (await client.post<{ definition: ItemDefinition }>(`${path}/getDefinition`, undefined)).body?.definition;
        const read = readEventstreamTopology(readJsonPart<EventstreamTopology>(definition, "eventstream.json"));
        return {
            eventHubConnectionId: read.eventHubConnectionId ?? "",
            consumerGroup: read.consumerGroup ?? "",
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
    eventHubConnectionId: pulumi.Input<string>;
    consumerGroup: pulumi.Input<string>;
    databaseItemId: pulumi.Input<string>;
    /** Default `Bronze`. */
    tableName?: pulumi.Input<string>;
    /** Default `bronze_mapping`. */
    mappingName?: pulumi.Input<string>;
}

/** An Eventstream Event Hub -> KQL table. Type token `pulumi-nodejs:dynamic/fabric:Eventstream`; import id `<workspaceId>/<itemId>`. */
export class EventstreamItem extends pulumi.dynamic.Resource {
    declare readonly itemId: pulumi.Output<string>;

    constructor(name: string, args: EventstreamItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { tableName: "Bronze", mappingName: "bronze_mapping", description: "", hardDelete: false, apiBaseUrl: undefined, ...args, itemId: undefined, adopted: undefined }, opts, "fabric", "Eventstream");
    }
}
