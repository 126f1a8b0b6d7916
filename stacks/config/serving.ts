/** The `serving` section: the KQL database the site lands in, a Fabric Eventhouse or Azure Data Explorer. */
import { z } from "zod";
import { SITE_DEFAULTS } from "../../components/site-defaults";
import { didYouMean } from "../../components/validation";
import { describe } from "./messages";
import { TARGET_LATENCY_MINUTES } from "../../kusto/mirroring";
import { existingId, intBetween, patterned, queryUri, uuid, uuidOrOutput } from "./blocks";

const eventhouse = z.strictObject({
    kind: z.literal("eventhouse"),
    /** Fabric workspace id (uuid), or `{ stackOutput }`. Required. */
    workspaceId: uuidOrOutput("a Fabric workspace id", {
        error: (iss) =>
            iss.input === undefined
                ? "is required: the id (uuid) of the Fabric workspace the site's Eventhouse lives in (its URL shows it: app.fabric.microsoft.com/groups/<id>), or { stackOutput: NAME } of the platform stack"
                : `must be a Fabric workspace id (uuid) or { stackOutput: NAME }, got ${describe(iss.input)}`,
    }),
    /** KQL database item id in a shared Eventhouse (uuid or `{ stackOutput }`): the serving layer's items bind to it. Required with `eventhouseId` when the serving layer is on. */
    databaseId: uuidOrOutput("a Fabric item id").optional(),
    /** Existing (shared) Eventhouse item id, with `queryUri`; default: an Eventhouse of the site's own. */
    eventhouseId: uuidOrOutput("a Fabric item id").optional(),
    /** Name of the site's own Eventhouse. Default `ef-<site>`. */
    eventhouseName: patterned(/^[A-Za-z0-9_.-]{1,256}$/, "must be 1-256 letters, digits, '_', '.' or '-'").optional(),
    /** Fabric cloud connection to the site's event hub (uuid), adopted: the Eventstream reads the hub through it (a SAS key). Default: none. */
    eventHubConnectionId: uuid("a Fabric connection id").optional(),
    /**
     * How the site's Eventstream gets the readings: `customEndpoint` (the edge writes to it with its managed
     * identity, no key) or `eventHubs` (it reads the site's hub with a hub-scoped Listen-only SAS key the site
     * creates, or through `eventHubConnectionId`). Default: `eventHubs` with `eventHubConnectionId`, else `customEndpoint`.
     */
    eventstreamSource: z.enum(["customEndpoint", "eventHubs"]).optional(),
    /**
     * Who assigns the AIO identity's Contributor role on the Fabric workspace(s) the edge writes to: `site`
     * (needs the deployer to be Member or Admin there) or `platform` (granted by the workspace's owner). Default `site`.
     */
    workspaceRolesGrantedBy: z.enum(["site", "platform"]).default(SITE_DEFAULTS.serving.workspaceRolesGrantedBy),
    /** KQL database name. Default `telemetry`. */
    databaseName: patterned(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,255}$/, "must be a KQL database name").default(SITE_DEFAULTS.serving.databaseName),
    /** Query URI of an existing Eventhouse holding `databaseName` (uuid-free URL or `{ stackOutput }`): the site applies its medallion schema there. */
    queryUri: queryUri().optional(),
    /** Fabric REST API base URL (sovereign clouds, tests). Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: z.url({ error: "must be an https URL" }).default(SITE_DEFAULTS.serving.apiBaseUrl),
    /** TargetLatencyInMinutes of the mirroring policies (OneLake availability), 5-180. Default: 60, from kql/4-lake.kql. */
    oneLakeLatencyMinutes: intBetween(TARGET_LATENCY_MINUTES.min, TARGET_LATENCY_MINUTES.max).optional(),
});

const adx = z.strictObject({
    kind: z.literal("adx"),
    /** Existing (shared) ADX cluster; default: a cluster of the site's own. */
    clusterId: existingId("Microsoft.Kusto/clusters").optional(),
    /**
     * Object id of the shared cluster's system identity (uuid or `{ stackOutput }`): the site grants it
     * Azure Event Hubs Data Receiver on its hub (the data connection reads with it) and, with
     * `archive.export`, write on the export container. Without it `plan` fails on the hop Event Hubs -> ADX
     * unless that role comes from elsewhere. Shared cluster only.
     */
    principalId: uuidOrOutput("an object id").optional(),
    /** Cluster SKU. Default `Standard_E2ads_v5`. Own cluster only. */
    skuName: patterned(/^(Dev|Standard)_[A-Za-z0-9_]+$/, "must be an ADX SKU name such as Standard_E2ads_v5").default(SITE_DEFAULTS.serving.adxSkuName),
    /** Instance count (2-1000; Dev SKUs: 1). Default 2. */
    capacity: intBetween(1, 1000).default(SITE_DEFAULTS.serving.adxCapacity),
    /** KQL database name. Default `telemetry`. */
    databaseName: patterned(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,259}$/, "must be a KQL database name").default(SITE_DEFAULTS.serving.databaseName),
    /** Query URI of an existing cluster holding `databaseName` (or `{ stackOutput }`): the site applies its medallion schema there. */
    queryUri: queryUri().optional(),
});

const eventhouseServing = eventhouse.superRefine((v, ctx) => {
    if ((v.eventhouseId === undefined) !== (v.queryUri === undefined)) {
        ctx.addIssue({ code: "custom", path: [v.eventhouseId === undefined ? "eventhouseId" : "queryUri"], message: "a shared Eventhouse needs both eventhouseId and queryUri" });
    }
    if (v.eventhouseId === undefined && v.databaseId !== undefined) {
        ctx.addIssue({ code: "custom", path: ["databaseId"], message: "names the database of a shared Eventhouse (eventhouseId); the site's own Eventhouse reports its own" });
    }
    if (v.eventstreamSource === "customEndpoint" && v.eventHubConnectionId !== undefined) {
        ctx.addIssue({ code: "custom", path: ["eventstreamSource"], message: "customEndpoint has the edge write to the Eventstream, so it reads no Fabric connection: remove eventHubConnectionId, or choose eventHubs" });
    }
    if (v.eventhouseId !== undefined && v.eventhouseName !== undefined) {
        ctx.addIssue({ code: "custom", path: ["eventhouseName"], message: "names the site's own Eventhouse; not allowed with a shared one (eventhouseId)" });
    }
});

const adxServing = adx.superRefine((v, ctx) => {
    if ((v.clusterId === undefined) !== (v.queryUri === undefined)) {
        ctx.addIssue({ code: "custom", path: [v.clusterId === undefined ? "clusterId" : "queryUri"], message: "a shared ADX cluster needs both clusterId and queryUri" });
    }
    if (v.clusterId === undefined && v.principalId !== undefined) {
        ctx.addIssue({ code: "custom", path: ["principalId"], message: "names a shared cluster's identity (clusterId); the site's own cluster has its own" });
    }
});

export const serving = z.discriminatedUnion("kind", [eventhouseServing, adxServing], {
    error: (iss) => {
        const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
        return `must be "eventhouse" or "adx", got ${describe(kind)}${typeof kind === "string" ? didYouMean(kind, ["eventhouse", "adx"], false) : ""}`;
    },
});
