import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { AIO_API, Dataflow, DataflowEndpoint, DataflowProfile } from "./aio-api";
import { type DataflowsDescription, type DataflowsPlan, planDataflows } from "./dataflow-model";

/**
 * Arguments of {@link AioDataflows}: where the existing AIO deployment is (adopted by name, never
 * created) and the site description: endpoints, site/lines/assets, hot paths, the cold path,
 * identity and profile. Every field is documented on `DataflowsDescription`.
 */
export type AioDataflowsArgs = DataflowsDescription;

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
            plan.endpoints.map((ep) => [ep.name, new DataflowEndpoint(`${name}-endpoint-${ep.name}`, { ...scope, dataflowEndpointName: ep.name, properties: ep.properties }, { parent: this })]),
        );
        const dataflows = plan.dataflows.map(
            (df) =>
                new Dataflow(
                    `${name}-dataflow-${df.name}`,
                    // Plain names (not the profile's output) so a preview shows them; dependsOn keeps the order.
                    { ...scope, dataflowProfileName: plan.profile.name, dataflowName: df.name, properties: { mode: "Enabled", operations: df.operations, ...diskPersistence(plan) } },
                    { parent: this, dependsOn: [profile, ...df.endpointRefs.map((ref) => endpoints.get(ref) as DataflowEndpoint)] },
                ),
        );

        this.profileName = profile.name;
        this.dataflowNames = pulumi.all(dataflows.map((d) => d.name));
        this.registerOutputs({ profileName: this.profileName, dataflowNames: this.dataflowNames });
    }
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
