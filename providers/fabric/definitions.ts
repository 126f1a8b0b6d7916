/**
 * Item definitions (pure, no I/O). A definition is `{ parts: [{ path, payload, payloadType }] }` with
 * each payload base64-encoded (`payloadType: "InlineBase64"`, `common/definitions.json` `PayloadType`).
 *
 * Sources for the part contents:
 * - `DatabaseProperties.json`: `microsoft/fabric-rest-api-specs/kqlDatabase/examples/CreateReadWriteKQLDatabaseWithDefinition.json`
 *   decodes to `{ databaseType: "ReadWrite", parentEventhouseItemId, oneLakeCachingPeriod: "P36500D",
 *   oneLakeStandardStoragePeriod: "P36500D" }` (ISO 8601 durations);
 *   https://learn.microsoft.com/rest/api/fabric/articles/item-management/definitions/kql-database-definition
 * - `eventstream.json`: the topology (`sources`, `streams`, `destinations`, `operators`,
 *   `compatibilityLevel`) of https://learn.microsoft.com/rest/api/fabric/articles/item-management/definitions/eventstream-definition,
 *   with node shapes from `microsoft/fabric-rest-api-specs/eventstream/definitions/{source,destination,stream,serialization}.json`
 *   (`AzureEventHubSourceProperties`, `EventhouseDirectIngestionModeDestinationProperties`,
 *   `DefaultStream`, `JsonSerializationInfo`) and `examples/GetEventstreamTopology.json`.
 */

export interface DefinitionPart {
    path: string;
    payload: string;
    payloadType: "InlineBase64";
}

export interface ItemDefinition {
    format?: string;
    parts: DefinitionPart[];
}

/** A JSON document as a definition part. */
export function jsonPart(path: string, value: unknown): DefinitionPart {
    return { path, payload: Buffer.from(JSON.stringify(value, null, 2), "utf8").toString("base64"), payloadType: "InlineBase64" };
}

/** The decoded JSON of one part, or undefined when the definition has no such part. */
export function readJsonPart<T>(definition: ItemDefinition | undefined, path: string): T | undefined {
    const part = definition?.parts.find((p) => p.path === path);
    if (!part) {
        return undefined;
    }
    try {
        return JSON.parse(Buffer.from(part.payload, "base64").toString("utf8")) as T;
    } catch (err) {
        throw new Error(`definition part ${path} is not base64-encoded JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
}

/** Days as the ISO 8601 duration the definition uses (`P36500D`). */
export function daysToIsoPeriod(days: number): string {
    return `P${days}D`;
}

/** `P7D`/`P1Y`-style durations back to days; undefined for anything else. */
export function isoPeriodToDays(period: string | undefined): number | undefined {
    const m = period ? /^P(?:(\d+)Y)?(?:(\d+)D)?$/.exec(period) : null;
    if (!m || (m[1] === undefined && m[2] === undefined)) {
        return undefined;
    }
    return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0);
}

export interface DatabaseProperties {
    databaseType: "ReadWrite";
    parentEventhouseItemId: string;
    oneLakeCachingPeriod?: string;
    oneLakeStandardStoragePeriod?: string;
}

/** `DatabaseProperties.json` of a ReadWrite KQL database. Periods in days; omitted ones keep the service default. */
export function databaseDefinition(args: { parentEventhouseItemId: string; cachingPeriodDays?: number; standardStoragePeriodDays?: number }): ItemDefinition {
    const props: DatabaseProperties = { databaseType: "ReadWrite", parentEventhouseItemId: args.parentEventhouseItemId };
    if (args.cachingPeriodDays !== undefined) {
        props.oneLakeCachingPeriod = daysToIsoPeriod(args.cachingPeriodDays);
    }
    if (args.standardStoragePeriodDays !== undefined) {
        props.oneLakeStandardStoragePeriod = daysToIsoPeriod(args.standardStoragePeriodDays);
    }
    return { parts: [jsonPart("DatabaseProperties.json", props)] };
}

/**
 * Where an Eventstream's events come from: an Azure event hub read through a Fabric cloud connection
 * (`AzureEventHubSourceProperties`: `dataConnectionId`, `consumerGroupName`), or a custom endpoint
 * the edge writes to over Kafka (`CustomEndpointSourceProperties`, no properties).
 */
export type EventstreamSource = { kind: "AzureEventHub"; connectionId: string; consumerGroup: string } | { kind: "CustomEndpoint" };

export interface EventstreamTopologyArgs {
    /** Eventstream display name; the default stream is called `<name>-stream`, as the portal names it. */
    name: string;
    source: EventstreamSource;
    /** Workspace of the destination KQL database. */
    workspaceId: string;
    /** The destination KQL database item id. */
    databaseItemId: string;
    tableName: string;
    mappingName: string;
}

/** Node names used in the topology, fixed so a read can find them again. */
export const EVENTSTREAM_SOURCE = "EventHubSource";
/** The custom endpoint source's node name: `EventstreamSourceConnection` finds the endpoint by it. */
export const EVENTSTREAM_CUSTOM_ENDPOINT = "EdgeCustomEndpoint";
export const EVENTSTREAM_DESTINATION = "BronzeDestination";

export interface EventstreamTopology {
    sources: { name: string; type: string; properties: Record<string, unknown> }[];
    streams: { name: string; type: string; properties: Record<string, unknown>; inputNodes: { name: string }[] }[];
    destinations: { name: string; type: string; properties: Record<string, unknown>; inputNodes: { name: string }[] }[];
    operators: unknown[];
    compatibilityLevel: string;
}

/**
 * Event Hub or custom endpoint source -> default stream -> Eventhouse destination in `DirectIngestion` mode, the mode that
 * takes the table's own ingestion mapping (`mappingRuleName`), so the Bronze mapping lives with the KQL
 * schema. In DirectIngestion the destination's `itemId` is the KQL database.
 */
export function eventstreamTopology(args: EventstreamTopologyArgs): EventstreamTopology {
    const stream = `${args.name}-stream`;
    const source =
        args.source.kind === "AzureEventHub"
            ? {
                  name: EVENTSTREAM_SOURCE,
                  type: "AzureEventHub",
                  properties: {
                      dataConnectionId: args.source.connectionId,
                      consumerGroupName: args.source.consumerGroup,
                      inputSerialization: { type: "Json", properties: { encoding: "UTF8" } },
                  },
              }
            : { name: EVENTSTREAM_CUSTOM_ENDPOINT, type: "CustomEndpoint", properties: {} };
    return {
        sources: [source],
        streams: [{ name: stream, type: "DefaultStream", properties: {}, inputNodes: [{ name: source.name }] }],
        destinations: [
            {
                name: EVENTSTREAM_DESTINATION,
                type: "Eventhouse",
                properties: {
                    dataIngestionMode: "DirectIngestion",
                    workspaceId: args.workspaceId,
                    itemId: args.databaseItemId,
                    tableName: args.tableName,
                    connectionName: `${args.name}-${args.tableName}`,
                    mappingRuleName: args.mappingName,
                },
                inputNodes: [{ name: stream }],
            },
        ],
        operators: [],
        compatibilityLevel: "1.0",
    };
}

/** The inputs a topology built by `eventstreamTopology` encodes, for refresh and import; undefined fields when absent. */
export function readEventstreamTopology(topology: Partial<EventstreamTopology> | undefined): Partial<Omit<EventstreamTopologyArgs, "name" | "workspaceId" | "source">> & { sourceKind?: EventstreamSource["kind"]; eventHubConnectionId?: string; consumerGroup?: string } {
    const source = topology?.sources?.find((s) => s.type === "AzureEventHub" || s.type === "CustomEndpoint");
    const destination = topology?.destinations?.find((d) => d.type === "Eventhouse");
    const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
    return {
        sourceKind: source?.type === "AzureEventHub" || source?.type === "CustomEndpoint" ? source.type : undefined,
        eventHubConnectionId: str(source?.properties.dataConnectionId),
        consumerGroup: str(source?.properties.consumerGroupName),
        databaseItemId: str(destination?.properties.itemId),
        tableName: str(destination?.properties.tableName),
        mappingName: str(destination?.properties.mappingRuleName),
    };
}
