/**
 * The Kafka address of an Eventstream's custom endpoint source, read from the service
 * (`microsoft/fabric-rest-api-specs/eventstream/swagger.json`: `GET .../eventstreams/{id}/topology` names the source's
 * id, `GET .../sources/{sourceId}/connection` answers `fullyQualifiedNamespace` and `eventHubName`).
 * The edge's AIO dataflow endpoint writes to `<fullyQualifiedNamespace>:9093`, topic `eventHubName`
 * (`es_<guid>`), authenticating with its managed identity, which Fabric authorizes through the
 * workspace role (Contributor or higher), not Azure IAM:
 * https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-fabric-real-time-intelligence
 *
 * The same answer carries the endpoint's SAS keys (`accessKeys`); they are dropped on arrival and
 * never reach state: the managed identity needs none.
 *
 * Nothing is created or deleted: the source belongs to the Eventstream's definition. Resource id:
 * `<workspaceId>/<eventstreamId>/<sourceName>`; a refresh reads the address again.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { EVENTSTREAM_CUSTOM_ENDPOINT } from "./definitions";
import { unlessNotFound } from "./errors";
import { GUID } from "../../kusto/text";
import type { FabricClientArgs, FabricResourceProvider } from "./items";

/** The Kafka port of the Event Hubs-compatible endpoint behind a custom endpoint. */
export const CUSTOM_ENDPOINT_KAFKA_PORT = 9093;

export interface EventstreamSourceConnectionInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    workspaceId: string;
    eventstreamId: string;
    /** The source node's name in the topology. Default `EdgeCustomEndpoint`. */
    sourceName: string;
}

export interface EventstreamSourceConnectionOutputs extends EventstreamSourceConnectionInputs {
    sourceId: string;
    /** `<namespace>.servicebus.windows.net:9093`: the AIO Kafka endpoint's host. */
    bootstrapServer: string;
    /** The event hub behind the endpoint (`es_<guid>`): the AIO dataflow's Kafka topic. */
    topic: string;
}

interface TopologyBody {
    sources?: { id?: string; name?: string; type?: string }[];
}

interface ConnectionBody {
    fullyQualifiedNamespace?: string;
    eventHubName?: string;
}

function defaults(inputs: EventstreamSourceConnectionInputs): EventstreamSourceConnectionInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API, sourceName: inputs.sourceName || EVENTSTREAM_CUSTOM_ENDPOINT };
}

async function lookUp(client: FabricClient, inputs: EventstreamSourceConnectionInputs): Promise<Omit<EventstreamSourceConnectionOutputs, keyof EventstreamSourceConnectionInputs>> {
    const base = `/workspaces/${inputs.workspaceId}/eventstreams/${inputs.eventstreamId}`;
    const topology = await client.get<TopologyBody>(`${base}/topology`);
    const source = topology?.sources?.find((s) => s.name === inputs.sourceName);
    if (!source?.id) {
        const found = (topology?.sources ?? []).map((s) => `${s.name ?? "?"} (${s.type ?? "?"})`).join(", ") || "none";
        throw new Error(`Eventstream ${inputs.eventstreamId} has no source named "${inputs.sourceName}" (sources: ${found}); its definition must declare a CustomEndpoint source with that name`);
    }
    if (source.type !== "CustomEndpoint") {
        throw new Error(`Eventstream ${inputs.eventstreamId} source "${inputs.sourceName}" is ${source.type ?? "of unknown type"}; only a CustomEndpoint source has a Kafka address for the edge`);
    }
    // Only the two address fields are kept; the answer's accessKeys stay in this scope.
    const { fullyQualifiedNamespace, eventHubName } = (await client.get<ConnectionBody>(`${base}/sources/${source.id}/connection`)) ?? {};
    if (!fullyQualifiedNamespace || !eventHubName) {
        throw new Error(`Fabric API GET ${client.baseUrl}${base}/sources/${source.id}/connection answered without fullyQualifiedNamespace or eventHubName`);
    }
    return { sourceId: source.id, bootstrapServer: `${fullyQualifiedNamespace.replace(/:\d+$/, "")}:${CUSTOM_ENDPOINT_KAFKA_PORT}`, topic: eventHubName };
}

/** The source-connection dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function eventstreamSourceConnectionProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<EventstreamSourceConnectionInputs, EventstreamSourceConnectionOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const idOf = (i: EventstreamSourceConnectionInputs) => `${i.workspaceId}/${i.eventstreamId}/${i.sourceName}`;
    return {
        check(_olds, news) {
            const inputs = defaults(news);
            const failures = (["workspaceId", "eventstreamId"] as const).filter((k) => !GUID.test(inputs[k] ?? "")).map((k) => ({ property: k, reason: `must be a GUID, got "${inputs[k]}"` }));
            return Promise.resolve({ inputs, failures });
        },

        diff(_id, olds, news) {
            const inputs = defaults(news);
            const replaces = (["workspaceId", "eventstreamId", "sourceName"] as const).filter((k) => olds[k] !== inputs[k]);
            return Promise.resolve({ changes: replaces.length > 0 || olds.apiBaseUrl !== inputs.apiBaseUrl, replaces: [...replaces] });
        },

        async create(raw) {
            const inputs = defaults(raw);
            return { id: idOf(inputs), outs: { ...inputs, ...(await lookUp(clientFor(inputs), inputs)) } };
        },

        async read(id, props) {
            if (!props) {
                throw new Error(`an Eventstream source connection (${id}) is read from its Eventstream; declare it instead of importing it`);
            }
            const live = await unlessNotFound(lookUp(clientFor(props), props));
            return live ? { id, props: { ...props, ...live } } : {};
        },

        async update(_id, _olds, raw) {
            const inputs = defaults(raw);
            return { outs: { ...inputs, ...(await lookUp(clientFor(inputs), inputs)) } };
        },

        delete() {
            // The source belongs to the Eventstream's definition; there is nothing of its own to delete.
            return Promise.resolve();
        },
    };
}

const defaultProvider = eventstreamSourceConnectionProvider();

export interface EventstreamSourceConnectionArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
    eventstreamId: pulumi.Input<string>;
    /** Default `EdgeCustomEndpoint` (the name `EventstreamItem` gives its custom endpoint source). */
    sourceName?: pulumi.Input<string>;
}

/**
 * The Kafka bootstrap server and topic of an Eventstream custom endpoint. Type token
 * `pulumi-nodejs:dynamic/fabric:EventstreamSourceConnection`.
 */
export class EventstreamSourceConnection extends pulumi.dynamic.Resource {
    declare readonly bootstrapServer: pulumi.Output<string>;
    declare readonly topic: pulumi.Output<string>;

    constructor(name: string, args: EventstreamSourceConnectionArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { sourceName: EVENTSTREAM_CUSTOM_ENDPOINT, apiBaseUrl: undefined, ...args, sourceId: undefined, bootstrapServer: undefined, topic: undefined }, opts, "fabric", "EventstreamSourceConnection");
    }
}
