/** The `dr` section: geo-DR pairing of the namespace and the standby KQL database. */
import { z } from "zod";
import { SITE_DEFAULTS } from "../../components/site-defaults";
import { patterned, region, uuid, uuidOrOutput } from "./blocks";

export const dr = z.strictObject({
    /** Default `false`. */
    enabled: z.boolean().default(SITE_DEFAULTS.dr.enabled),
    /**
     * Region of the secondary namespace and standby database: the documented pair of `location`
     * (https://learn.microsoft.com/azure/reliability/regions-paired) unless `allowUnpairedRegion`.
     * Required when enabled.
     */
    secondaryLocation: region().optional(),
    /**
     * Pair with a region that is not `location`'s documented pair (e.g. a region without a pair, or
     * data residency in one country): a deliberate choice, since Azure sequences updates and
     * prioritizes recovery by pair. Default `false`.
     */
    allowUnpairedRegion: z.boolean().default(SITE_DEFAULTS.dr.allowUnpairedRegion),
    /** Geo-DR alias name: the host the edge connects to. Default `ef-<site>-telemetry`. */
    alias: patterned(/^[a-z0-9][a-z0-9-]{4,48}[a-z0-9]$/, "must be 6-50 lowercase letters, digits or inner hyphens").optional(),
    /**
     * A standby KQL database in `secondaryLocation` with the same schema, fed from the hub through the
     * alias: ADX, a cluster of its own there; Fabric, an Eventhouse in `standby.workspaceId` (a second
     * cluster or capacity: a cost decision). Default `false`.
     */
    standbyDatabase: z.boolean().default(SITE_DEFAULTS.dr.standbyDatabase),
    /** Fabric standby (with `standbyDatabase`): where the standby Eventhouse lives and how it reads the alias. */
    standby: z
        .strictObject({
            /** Existing workspace (uuid or `{ stackOutput }`) on a Fabric capacity in `secondaryLocation`, adopted by id. Required. */
            workspaceId: uuidOrOutput("a Fabric workspace id"),
            /**
             * Fabric cloud connection to the geo-DR alias host `<alias>.servicebus.windows.net` (uuid): the
             * standby Eventstream reads through it (a SAS key; needs local auth on the namespace). Default:
             * none, the keyless path: the edge writes to the standby Eventstream's custom endpoint too.
             */
            eventHubConnectionId: uuid("a Fabric connection id").optional(),
            /** Name of the standby Eventhouse. Default `ef-<site>-standby`. */
            eventhouseName: patterned(/^[A-Za-z0-9_.-]{1,256}$/, "must be 1-256 letters, digits, '_', '.' or '-'").optional(),
        })
        .optional(),
});
