/**
 * `PrivateNetwork`: private connectivity for a site whose namespace and archive account have public
 * network access off. One private endpoint per target in the given subnet (Event Hubs sub-resource
 * `namespace`, Blob `blob`), each registered in its private DNS zone through a zone group, so
 * `<namespace>.servicebus.windows.net` and `<account>.blob.core.windows.net` resolve to private
 * addresses inside the VNet:
 * - zones `privatelink.servicebus.windows.net` and `privatelink.blob.core.windows.net`
 *   (https://learn.microsoft.com/azure/private-link/private-endpoint-dns), created and linked to the
 *   subnet's VNet, or existing ones (a hub's central DNS) adopted by id;
 * - Event Hubs over private link: https://learn.microsoft.com/azure/event-hubs/private-link-service;
 *   Blob: https://learn.microsoft.com/azure/storage/common/storage-private-endpoints.
 * The plant reaches these addresses over its own link to the VNet (VPN or ExpressRoute) and must
 * resolve the zones there; that link is outside the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { PrivateDnsZoneGroup, PrivateEndpoint } from "@pulumi/azure-native/network";
import { PrivateZone, VirtualNetworkLink } from "@pulumi/azure-native/privatedns";
import { Problems } from "../validation";
import { SUBNET_ID, SUBNET_ID_SHAPE } from "./rules/arm";

/** The zone each private-link sub-resource registers in (public Azure cloud). */
export const PRIVATE_DNS_ZONES = { namespace: "privatelink.servicebus.windows.net", blob: "privatelink.blob.core.windows.net" } as const;

/** A resource reached privately. */
export interface PrivateTarget {
    /** Short name used in resource names, e.g. `eventhubs`, `archive`. */
    name: string;
    /** ARM id of the namespace or storage account. */
    resourceId: pulumi.Input<string>;
    /** Private-link sub-resource: `namespace` (Event Hubs) or `blob` (Blob storage). */
    subresource: keyof typeof PRIVATE_DNS_ZONES;
}

export interface PrivateNetworkArgs {
    /** Resource group of the private endpoints and created zones. */
    resourceGroupName: pulumi.Input<string>;
    /** Region of the private endpoints (the subnet's region). */
    location: pulumi.Input<string>;
    /** ARM id of the subnet the endpoints take their addresses from. */
    subnetId: string;
    /** Existing zones by sub-resource (ARM ids); default: created here and linked to the subnet's VNet. */
    dnsZoneIds?: Partial<Record<keyof typeof PRIVATE_DNS_ZONES, pulumi.Input<string>>>;
    targets: PrivateTarget[];
    tags?: Record<string, string>;
}

/** The VNet id of a subnet id; throws `ValidationError` naming `path` when it is not one. */
export function vnetOfSubnet(subnetId: string, path = "subnetId"): string {
    const m = SUBNET_ID.exec(subnetId);
    if (!m) {
        const p = new Problems("PrivateNetwork");
        p.add(path, `"${subnetId}" is not a subnet id (${SUBNET_ID_SHAPE})`);
        p.throwIfAny();
    }
    return (m as RegExpExecArray)[1];
}

/** Private endpoints and DNS for a site's namespace and archive account. */
export class PrivateNetwork extends pulumi.ComponentResource {
    /** The private endpoints by target name. */
    readonly endpoints: Readonly<Record<string, PrivateEndpoint>>;
    /**
     * Where the endpoints are and the zone each sub-resource registers in (created here or adopted), so
     * another namespace's endpoint (a geo-DR secondary) can join them: one zone per name and VNet.
     */
    readonly placement: Readonly<Omit<PrivateNetworkArgs, "targets" | "dnsZoneIds" | "tags">> & { dnsZoneIds: Partial<Record<keyof typeof PRIVATE_DNS_ZONES, pulumi.Input<string>>> };

    constructor(name: string, args: PrivateNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        const vnetId = vnetOfSubnet(args.subnetId);
        super("edge-fabric:cloud:PrivateNetwork", name, {}, opts);
        const parent = { parent: this };
        const zones = new Map<string, pulumi.Input<string>>();
        for (const subresource of [...new Set(args.targets.map((t) => t.subresource))]) {
            const adopted = args.dnsZoneIds?.[subresource];
            if (adopted !== undefined) {
                zones.set(subresource, adopted);
                continue;
            }
            const zone = new PrivateZone(`${name}-${subresource}-zone`, { resourceGroupName: args.resourceGroupName, privateZoneName: PRIVATE_DNS_ZONES[subresource], location: "global", tags: args.tags }, parent);
            new VirtualNetworkLink(
                `${name}-${subresource}-link`,
                { resourceGroupName: args.resourceGroupName, privateZoneName: zone.name, location: "global", virtualNetwork: { id: vnetId }, registrationEnabled: false, tags: args.tags },
                parent,
            );
            zones.set(subresource, zone.id);
        }
        const endpoints: Record<string, PrivateEndpoint> = {};
        for (const target of args.targets) {
            const endpoint = new PrivateEndpoint(
                `${name}-${target.name}-pe`,
                {
                    resourceGroupName: args.resourceGroupName,
                    location: args.location,
                    subnet: { id: args.subnetId },
                    privateLinkServiceConnections: [{ name: `${target.name}-${target.subresource}`, privateLinkServiceId: target.resourceId, groupIds: [target.subresource] }],
                    tags: args.tags,
                },
                parent,
            );
            new PrivateDnsZoneGroup(
                `${name}-${target.name}-dns`,
                { resourceGroupName: args.resourceGroupName, privateEndpointName: endpoint.name, privateDnsZoneGroupName: "default", privateDnsZoneConfigs: [{ name: target.subresource, privateDnsZoneId: zones.get(target.subresource) }] },
                parent,
            );
            endpoints[target.name] = endpoint;
        }
        this.endpoints = endpoints;
        this.placement = { resourceGroupName: args.resourceGroupName, location: args.location, subnetId: args.subnetId, dnsZoneIds: Object.fromEntries(zones) };
        this.registerOutputs({});
    }
}
