/** Private connectivity of a site whose own namespace or archive account has public access off. */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceGroup } from "@pulumi/azure-native/resources";
import { FabricManagedPrivateEndpoint } from "../providers/fabric";
import type { ArchiveStorage } from "./cloud/archive";
import type { EventHubsIngestion } from "./cloud/eventhubs";
import { PrivateNetwork, vnetOfSubnet, type PrivateTarget } from "./cloud/private-network";
import type { SiteNetworkArgs } from "./site-args";
import type { SiteSpec } from "./site-defaults";
import { joinPath, ValidationError } from "./validation";

/** Public access off needs private connectivity: refused without it, naming the config path. Pure. */
export function checkSiteNetwork(args: SiteSpec): void {
    const path = joinPath(args.configPath ?? "", "network.private");
    const owns = args.eventHubs.namespaceId === undefined || args.archive.storageAccountId === undefined;
    if (owns && !args.network.publicNetworkAccess && args.network.private === undefined) {
        throw new ValidationError(`HybridSite "${args.name}"`, [
            { path, message: "is required when network.publicNetworkAccess is false: without private endpoints and DNS nothing reaches the namespace or the archive; set { subnetId }, or publicNetworkAccess: true" },
        ]);
    }
    if (args.network.private) {
        vnetOfSubnet(args.network.private.subnetId, joinPath(path, "subnetId"));
    }
}

/**
 * Private endpoints and DNS for the site's own namespace and account (adopted ones are their
 * owner's to reach), and the Fabric managed private endpoint an Eventstream needs to read a
 * namespace without public access
 * (https://learn.microsoft.com/fabric/real-time-intelligence/event-streams/set-up-private-endpoint):
 * created by a workspace admin, `Pending` until approved on the namespace. Returns the private
 * network, which `DisasterRecovery` extends with the geo-DR secondary's endpoint before pairing.
 */
export function sitePrivateNetwork(name: string, args: SiteSpec, rg: ResourceGroup, eventHubs: EventHubsIngestion, archive: ArchiveStorage, tags: Record<string, string>, parent: pulumi.Resource): PrivateNetwork {
    const net = args.network.private as NonNullable<SiteNetworkArgs["private"]>;
    const targets: PrivateTarget[] = [
        ...(args.eventHubs.namespaceId === undefined ? [{ name: "eventhubs", resourceId: eventHubs.namespaceId, subresource: "namespace" as const }] : []),
        ...(args.archive.storageAccountId === undefined ? [{ name: "archive", resourceId: archive.accountId, subresource: "blob" as const }] : []),
    ];
    const network = new PrivateNetwork(`${name}-private`, { resourceGroupName: rg.name, location: args.location, subnetId: net.subnetId, dnsZoneIds: net.dnsZoneIds && { namespace: net.dnsZoneIds.serviceBus, blob: net.dnsZoneIds.blob }, targets, tags }, { parent });
    const s = args.serving;
    if (s.kind === "eventhouse" && s.eventstreamSource === "eventHubs") {
        new FabricManagedPrivateEndpoint(
            `${name}-eventstream-mpe`,
            { workspaceId: s.workspaceId, name: `${args.name}-eventhubs`, targetPrivateLinkResourceId: eventHubs.namespaceId, targetSubresourceType: "namespace", requestMessage: `Eventstream of site ${args.name} reads ${args.eventHubs.hubName}`, apiBaseUrl: s.apiBaseUrl },
            { parent },
        );
    }
    return network;
}
