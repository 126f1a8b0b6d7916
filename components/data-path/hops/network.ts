/**
 * The network path of a hop to an Azure resource: through a private endpoint when the plan creates
 * one for the target (https://learn.microsoft.com/azure/event-hubs/private-link-service), else the
 * target's public endpoint.
 */
import type { DataPathInput, HopFacts, HopProblem, NetworkPath, ResourceView } from "../model";
import { Plan, text } from "../resources";
import { SOURCES } from "../sources";

export const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";

export function networkPath(plan: Plan, target: ResourceView | undefined): NetworkPath {
    if (target === undefined) {
        return "public endpoint";
    }
    const reached = plan.ofType(PRIVATE_ENDPOINT).some((pe) => plan.referenced(pe, "privateLinkServiceConnections").some((r) => r.urn === target.urn));
    return reached ? "private endpoint" : "public endpoint";
}

/**
 * A hop whose target has public network access off must travel a private path: a private endpoint
 * (https://learn.microsoft.com/azure/event-hubs/private-link-service) or, from Fabric, a managed private
 * endpoint (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint).
 */
export function reachable(hop: HopFacts, input: DataPathInput): HopProblem[] {
    const target = Plan.of(input).get(hop.target);
    if (target?.inputs.publicNetworkAccess !== "Disabled" || hop.network !== "public endpoint") {
        return [];
    }
    const name = text(target.inputs.namespaceName) ?? text(target.inputs.accountName) ?? target.name;
    return [
        {
            aspect: "network",
            missing: `${name} has public network access off and the plan gives this hop no private path (no private endpoint${hop.producer.includes("Eventstream") || hop.consumer.includes("Eventstream") ? " and no Fabric managed private endpoint" : ""}), so its traffic is refused`,
            configPath: "network.private",
            fix: "give network.private.subnetId: the site then creates private endpoints and DNS for the namespace and the archive, and a Fabric managed private endpoint for an Eventstream that reads the hub; or set network.publicNetworkAccess: true",
            source: SOURCES.privateEndpoint,
        },
    ];
}
