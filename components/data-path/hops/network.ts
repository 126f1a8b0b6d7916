/**
 * The network path of a hop to an Azure resource: through a private endpoint when the plan creates
 * one for the target (https://learn.microsoft.com/azure/event-hubs/private-link-service), else the
 * target's public endpoint.
 */
import type { NetworkPath, ResourceView } from "../model";
import type { Plan } from "../resources";

export const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";

export function networkPath(plan: Plan, target: ResourceView | undefined): NetworkPath {
    if (target === undefined) {
        return "public endpoint";
    }
    const reached = plan.ofType(PRIVATE_ENDPOINT).some((pe) => plan.referenced(pe, "privateLinkServiceConnections").some((r) => r.urn === target.urn));
    return reached ? "private endpoint" : "public endpoint";
}
