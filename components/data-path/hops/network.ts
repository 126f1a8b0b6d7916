/**
 * The network path of a hop to an Azure resource depends on where its producer runs:
 * - the edge (AIO, ACSA) reaches the site's VNet over the plant's own link, so it travels a private
 *   endpoint when the plan creates one for the target (https://learn.microsoft.com/azure/event-hubs/private-link-service);
 * - an Azure service (Event Hubs Capture, an ADX cluster) runs in Microsoft's networks and never uses a
 *   private endpoint in the site's VNet: with public access off it passes only as a trusted service, which
 *   the target must let through (storage: `networkRuleSet.bypass: AzureServices`,
 *   https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services;
 *   Event Hubs: a network rule set with `trustedServiceAccessEnabled`,
 *   https://learn.microsoft.com/azure/event-hubs/event-hubs-ip-filtering#trusted-microsoft-services);
 * - Fabric reaches a namespace through a Fabric managed private endpoint (its builder decides).
 */
import type { DataPathInput, HopFacts, HopProblem, NetworkPath, ResourceView } from "../hop-types";
import { Plan, text, TYPES } from "../resources";
import { SOURCES } from "../sources";

export const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";

/** Whether the plan creates a private endpoint (in the site's VNet) for `target`. */
export function hasPrivateEndpoint(plan: Plan, target: ResourceView): boolean {
    return plan.ofType(PRIVATE_ENDPOINT).some((pe) => plan.referenced(pe, "privateLinkServiceConnections").some((r) => r.urn === target.urn));
}

/** Whether `target` (a storage account or an Event Hubs namespace) lets trusted Azure services through its firewall. */
export function letsTrustedServicesIn(plan: Plan, target: ResourceView): boolean {
    if (target.type === TYPES.storageAccount) {
        const bypass = text((target.inputs.networkRuleSet as { bypass?: unknown } | undefined)?.bypass) ?? "";
        return bypass.split(",").some((b) => b.trim() === "AzureServices");
    }
    return plan.ofType(TYPES.namespaceNetworkRuleSet).some((r) => r.inputs.trustedServiceAccessEnabled === true && plan.referenced(r, "namespaceName").some((n) => n.urn === target.urn));
}

/** The path from a producer at `origin` to `target` (undefined: outside the plan, reached publicly as far as the plan knows). */
export function networkPath(plan: Plan, target: ResourceView | undefined, origin: "edge" | "azure" = "edge"): NetworkPath {
    if (target === undefined) {
        return "public endpoint";
    }
    if (origin === "edge") {
        return hasPrivateEndpoint(plan, target) ? "private endpoint" : "public endpoint";
    }
    return target.inputs.publicNetworkAccess === "Disabled" && letsTrustedServicesIn(plan, target) ? "trusted service exception" : "public endpoint";
}

/** A target's display name. */
export function targetName(target: ResourceView): string {
    return text(target.inputs.namespaceName) ?? text(target.inputs.accountName) ?? target.name;
}

/**
 * A hop whose target has public network access off must travel a private path: from the edge a private
 * endpoint, from an Azure service the trusted-service exception, from Fabric a managed private endpoint
 * (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint).
 * A hop whose builder already found a network problem is left to it.
 */
export function reachable(hop: HopFacts, input: DataPathInput): HopProblem[] {
    const target = Plan.of(input).get(hop.target);
    if (target?.inputs.publicNetworkAccess !== "Disabled" || hop.network !== "public endpoint" || hop.problems.some((p) => p.aspect === "network")) {
        return [];
    }
    const name = targetName(target);
    if (hop.origin === "azure") {
        const storage = target.type === TYPES.storageAccount;
        return [
            {
                aspect: "network",
                missing: `${name} has public network access off and does not let trusted Azure services through its firewall; ${hop.producer} runs in Microsoft's network, which a private endpoint in the site's VNet does not serve, so it is refused`,
                configPath: "network",
                fix: storage
                    ? "the site sets networkRuleSet.bypass AzureServices on its own archive when Capture or an ADX export writes to it; on an adopted account its owner must allow trusted Azure services (or set network.publicNetworkAccess: true)"
                    : "the site enables trusted service access on its own namespace when an ADX cluster reads it; on an adopted namespace its owner must (or set network.publicNetworkAccess: true)",
                source: storage ? SOURCES.trustedStorage : SOURCES.trustedEventHubs,
            },
        ];
    }
    return [
        {
            aspect: "network",
            missing: `${name} has public network access off and the plan gives this hop no private path (no private endpoint${hop.producer.includes("Eventstream") || hop.consumer.includes("Eventstream") ? " and no Fabric managed private endpoint" : ""}), so its traffic is refused`,
            configPath: "network.private",
            fix: "give network.private.subnetId: the site then creates private endpoints and DNS for the namespace (and its geo-DR secondary) and the archive, and a Fabric managed private endpoint for an Eventstream that reads the hub; or set network.publicNetworkAccess: true",
            source: SOURCES.privateEndpoint,
        },
    ];
}
