import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { AIO_API, Dataflow, DataflowEndpoint, DataflowProfile } from "./aio-api";
import type { DataflowsDescription } from "./dataflow-description";
import { type DataflowsPlan, type EndpointProperties, type PlannedDataflow, planDataflows } from "./dataflow-plan";

/**
 * Arguments of {@link AioDataflows}: where the existing AIO deployment is (adopted by name, never
 * created) and the site description: endpoints, site/lines/assets, hot paths, the cold path,
 * identity and profile. Every field is documented on `DataflowsDescription`.
 */
export type AioDataflowsArgs = DataflowsDescription & {
    /**
     * Kafka addresses known only once another resource exists (an Eventstream custom endpoint the
     * stack creates), by `eventstream` endpoint name: `bootstrapServer` replaces the endpoint's host
     * and `topic` the destination of every dataflow writing to it. The description then carries
     * placeholders of the right shape (validated like any value). Defaults to none.
     */
    lateAddresses?: Record<string, { bootstrapServer: pulumi.Input<string>; topic: pulumi.Input<string> }>;
};

/**
 * Azure IoT Operations dataflows for one site: a dataflow profile, the dataflow endpoints (Event
 * Hubs over Kafka, Fabric Eventstream, Fabric OneLake, ADLS, local/edge storage) and the dataflows
 * (hot path to Event Hubs keyed `site/line/asset`, cold path to the edge volume or cloud storage).
 * The AIO instance, its broker, its `default` broker endpoint and the custom location already exist
 * and are referenced by name. Everything is validated before the first resource is registered.
 */
export class AioDataflows extends pulumi.ComponentResource {
    /** Name of the dataflow profile the dataflows run in. */
    readonly profileName: pulumi.Output<string>;
    /** Names of the dataflows created, in plan order (`key-*`, hot paths, cold path). */
    readonly dataflowNames: pulumi.Output<string[]>;
    /** The validated plan: endpoints, dataflow operations and partition-key mapping, as plain data. */
    readonly plan: DataflowsPlan;

    constructor(name: string, args: AioDataflowsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers, so bad input leaves no trace in the stack.
        const plan = planDataflows(args, AIO_API);
        super("edge-fabric:edge:AioDataflows", name, {}, opts);
        this.plan = plan;
        const scope = { instanceName: args.instanceName, resourceGroupName: args.resourceGroupName, extendedLocation: { name: customLocationId(args, this), type: "CustomLocation" } };

        const profile = new DataflowProfile(`${name}-profile`, { ...scope, dataflowProfileName: plan.profile.name, properties: { instanceCount: plan.profile.instanceCount } }, { parent: this });
        const endpoints = new Map(
            plan.endpoints.map((ep) => [ep.name, new DataflowEndpoint(`${name}-endpoint-${ep.name}`, { ...scope, dataflowEndpointName: ep.name, properties: withLateHost(ep, args.lateAddresses) }, { parent: this })]),
        );
        const dataflows = plan.dataflows.map(
            (df) =>
                new Dataflow(
                    `${name}-dataflow-${df.name}`,
                    // Plain names (not the profile's output) so a preview shows them; dependsOn keeps the order.
                    { ...scope, dataflowProfileName: plan.profile.name, dataflowName: df.name, properties: { mode: "Enabled", operations: withLateTopic(df, args.lateAddresses), ...diskPersistence(plan) } },
                    { parent: this, dependsOn: [profile, ...df.endpointRefs.map((ref) => endpoints.get(ref) as DataflowEndpoint)] },
                ),
        );

        this.profileName = profile.name;
        this.dataflowNames = pulumi.all(dataflows.map((d) => d.name));
        this.registerOutputs({ profileName: this.profileName, dataflowNames: this.dataflowNames });
    }
}

type LateAddresses = AioDataflowsArgs["lateAddresses"];

/** The endpoint's properties, its Kafka host replaced by the late-bound bootstrap server when it has one. */
function withLateHost(ep: { name: string; properties: EndpointProperties }, late: LateAddresses): pulumi.Input<EndpointProperties> {
    const address = late?.[ep.name];
    const kafka = ep.properties.kafkaSettings;
    return address && kafka ? pulumi.output(address.bootstrapServer).apply((host) => ({ ...ep.properties, kafkaSettings: { ...kafka, host } })) : ep.properties;
}

/** The dataflow's operations, the destination topic replaced by the late-bound one of the endpoint it writes to. */
function withLateTopic(df: PlannedDataflow, late: LateAddresses): pulumi.Input<PlannedDataflow["operations"]> {
    const destination = df.operations.find((o) => o.operationType === "Destination")?.destinationSettings;
    const address = destination ? late?.[destination.endpointRef] : undefined;
    return address
        ? pulumi.output(address.topic).apply((topic) => df.operations.map((o) => (o.operationType === "Destination" && o.destinationSettings ? { ...o, destinationSettings: { ...o.destinationSettings, dataDestination: topic } } : o)))
        : df.operations;
}

/** Only sent when asked for; validation has already refused it where the bound API lacks the field. */
function diskPersistence(plan: DataflowsPlan): { requestDiskPersistence?: string } {
    return plan.requestDiskPersistence ? { requestDiskPersistence: "Enabled" } : {};
}

function customLocationId(args: AioDataflowsArgs, parent: pulumi.Resource): pulumi.Input<string> {
    if (args.customLocation.startsWith("/subscriptions/")) {
        return args.customLocation;
    }
    return getClientConfigOutput({ parent }).subscriptionId.apply(
        (subscription) => `/subscriptions/${subscription}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.ExtendedLocation/customLocations/${args.customLocation}`,
    );
}
