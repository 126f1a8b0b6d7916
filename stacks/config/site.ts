/** The sections of `edge-fabric:site` joined into one object, and the types it parses to. */
import { z } from "zod";
import { SITE_DEFAULTS } from "../../components/site-defaults";
import { archive } from "./archive";
import { armId, patterned, region, subnetId } from "./blocks";
import { dr } from "./dr";
import { edge } from "./edge";
import { eventHubs } from "./event-hubs";
import { serving } from "./serving";
import { alerts, dashboard, lakehouse } from "./serving-layer";

const network = z.strictObject({
    /**
     * Allow public network access on the site's own namespace and account (tagged so the policy pack
     * sees a deliberate choice). Default `false`: private endpoints only, which needs `private`.
     */
    publicNetworkAccess: z.boolean().default(SITE_DEFAULTS.network.publicNetworkAccess),
    /**
     * Private connectivity: private endpoints for the namespace and the archive account in `subnetId`,
     * the `privatelink.servicebus.windows.net` and `privatelink.blob.core.windows.net` zones linked to
     * its VNet (or existing zones by id), and a Fabric managed private endpoint for an Eventstream
     * that reads the hub. Required when `publicNetworkAccess` is false.
     */
    private: z
        .strictObject({
            /** ARM id of the subnet the private endpoints get their addresses in. Required. */
            subnetId: subnetId(),
            /** Existing private DNS zones (hub-and-spoke: central DNS) by id; default: the site creates both and links them to the VNet. */
            dnsZoneIds: z.strictObject({ serviceBus: armId("Microsoft.Network/privateDnsZones"), blob: armId("Microsoft.Network/privateDnsZones") }).optional(),
        })
        .optional(),
});

const platform = z.strictObject({
    /** Fully qualified stack `org/project/stack` whose outputs `{ stackOutput }` values read. */
    stack: patterned(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be a fully qualified stack name org/project/stack"),
});

/** Every section, without the rules across sections (`siteSchema` adds them). */
export const siteSections = z
    .strictObject({
        /** Site id: first segment of the partition key, part of every resource name. Required. */
        name: patterned(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lowercase letters or digits, starting with a letter (it becomes part of storage account names)"),
        /** Azure region of the site's cloud resources. Required. */
        location: region(),
        /** Resource group, created by the stack. Default `rg-edge-fabric-<site>`. */
        resourceGroupName: z.string().min(1).max(90).optional(),
        /** Tags on every Azure resource. Default `{}`. */
        tags: z.record(z.string(), z.string()).default(() => ({ ...SITE_DEFAULTS.tags })),
        platform: platform.optional(),
        edge,
        eventHubs: eventHubs.default(() => eventHubs.parse({})),
        serving,
        archive: archive.default(() => archive.parse({})),
        dr: dr.default(() => dr.parse({ ...SITE_DEFAULTS.dr })),
        dashboard: dashboard.optional(),
        lakehouse: lakehouse.optional(),
        alerts: alerts.optional(),
        network: network.default({ ...SITE_DEFAULTS.network }),
    });

/** The validated site, defaults applied. */
export type SiteConfig = z.output<typeof siteSections>;
/** What a `Pulumi.<site>.yaml` may hold under `edge-fabric:site`. */
export type SiteConfigInput = z.input<typeof siteSections>;
/** A literal id or a platform stack output. */
export type ExistingId = string | { stackOutput: string };
