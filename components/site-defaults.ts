/**
 * The defaults of a site, in one place: `HybridSite` applies them to its args (`withSiteDefaults`)
 * and the site config schema (`stacks/config/`) declares the same values as its zod defaults, so a
 * site built from the library and one built from a stack file agree. Pure.
 */
import type { HybridSiteArgs, SiteAdxArgs, SiteArchiveArgs, SiteEdgeArgs, SiteEventHubsArgs, SiteEventhouseArgs, SiteNetworkArgs } from "./site-args";

/** Every default of `HybridSiteArgs` (names that derive from the site, such as `ef-<site>`, are in `site-naming.ts` and the component). */
export const SITE_DEFAULTS = {
    tags: {} as Record<string, string>,
    edge: {
        identityType: "SystemAssigned",
        hot: { tags: [] as string[], filters: [] as { inputs: string[]; expression: string; description?: string }[] },
        cold: { enabled: false, volumeSizeGi: 10, delivery: { mode: "direct" }, schemaVersion: "1" },
        dataflowInstances: 1,
    },
    eventHubs: {
        sku: "Standard",
        hubName: "telemetry",
        partitions: 4,
        retentionDays: 1,
        capture: { enabled: true, intervalSeconds: 300, sizeLimitBytes: 314_572_800 },
    },
    archive: {
        redundancy: "RAGRS",
        lifecycle: { coolAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180 as number | null, deleteAfterDays: null as number | null },
        // `enabled` defaults by `exportByDefault`.
        export: { deployerPrincipalType: "ServicePrincipal" },
    },
    serving: { databaseName: "telemetry", apiBaseUrl: "https://api.fabric.microsoft.com/v1", workspaceRolesGrantedBy: "site", adxSkuName: "Standard_E2ads_v5", adxCapacity: 2 },
    dr: { enabled: false, allowUnpairedRegion: false, standbyDatabase: false },
    network: { publicNetworkAccess: false },
} as const;

type Filled<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };
type NonNull<T> = Exclude<T, undefined>;

/** `SiteEdgeArgs` with its defaults applied. */
export type SiteEdgeSpec = Omit<SiteEdgeArgs, "identity" | "hot" | "cold" | "dataflowInstances"> & {
    identity: Filled<SiteEdgeArgs["identity"], "type">;
    hot: Required<NonNull<SiteEdgeArgs["hot"]>>;
    cold: Filled<NonNull<SiteEdgeArgs["cold"]>, "enabled" | "volumeSizeGi" | "delivery">;
    dataflowInstances: number;
};
/** `SiteEventHubsArgs` with its defaults applied. */
export type SiteEventHubsSpec = Filled<SiteEventHubsArgs, "sku" | "hubName" | "partitions" | "retentionDays"> & { capture: Filled<NonNull<SiteEventHubsArgs["capture"]>, "enabled" | "intervalSeconds" | "sizeLimitBytes"> };
/** `SiteArchiveArgs` with its defaults applied. */
export type SiteArchiveSpec = Filled<SiteArchiveArgs, "redundancy" | "containers"> & {
    lifecycle: Required<NonNull<SiteArchiveArgs["lifecycle"]>>;
    export: Required<NonNull<SiteArchiveArgs["export"]>>;
};
/** The serving args with their defaults applied. */
export type SiteServingSpec = Filled<SiteEventhouseArgs, "databaseName" | "apiBaseUrl" | "eventstreamSource" | "workspaceRolesGrantedBy"> | Filled<SiteAdxArgs, "databaseName" | "skuName" | "capacity">;

/** `HybridSiteArgs` with every default applied: what the site's parts are built from. */
export type SiteSpec = Omit<HybridSiteArgs, "tags" | "edge" | "eventHubs" | "archive" | "serving" | "dr" | "network"> & {
    tags: Record<string, string>;
    edge: SiteEdgeSpec;
    eventHubs: SiteEventHubsSpec;
    archive: SiteArchiveSpec;
    serving: SiteServingSpec;
    dr: Filled<NonNull<HybridSiteArgs["dr"]>, "enabled" | "allowUnpairedRegion" | "standbyDatabase">;
    network: Filled<SiteNetworkArgs, "publicNetworkAccess">;
};

/**
 * Whether Silver is exported to the archive when `archive.export.enabled` is not given: yes, except where
 * no documented network path exists, a Fabric Eventhouse writing to the site's own archive with public
 * access off. The export leaves Fabric from the Eventhouse itself: Fabric's managed private endpoints
 * serve Spark and Eventstream only (https://learn.microsoft.com/fabric/security/security-managed-private-endpoints-overview#supported-item-types),
 * trusted workspace access lists no KQL export (https://learn.microsoft.com/fabric/security/security-trusted-workspace-access),
 * and under outbound access protection an Eventhouse reaches no external resource but Event Hubs
 * (https://learn.microsoft.com/fabric/security/workspace-outbound-access-protection-eventhouse). Silver
 * still reaches OneLake through its mirroring policy, and the raw stream the archive through Capture.
 */
export function exportByDefault(args: { serving: { kind: string }; archive?: { storageAccountId?: unknown }; network?: { publicNetworkAccess?: boolean } }): boolean {
    const privateArchive = args.archive?.storageAccountId === undefined && !(args.network?.publicNetworkAccess ?? SITE_DEFAULTS.network.publicNetworkAccess);
    return !(args.serving.kind === "eventhouse" && privateArchive);
}

/** Where the Eventstream reads from when `serving.eventstreamSource` is not given: the hub through an adopted connection, else the keyless custom endpoint. */
export function eventstreamSourceByDefault(serving: { eventHubConnectionId?: unknown }): "customEndpoint" | "eventHubs" {
    return serving.eventHubConnectionId === undefined ? "customEndpoint" : "eventHubs";
}

/**
 * Whether the site creates the Event Hubs source's key itself: a Listen-only rule on its hub and the Fabric
 * connection holding it (`serving.eventstreamSource: eventHubs` without an adopted `eventHubConnectionId`).
 */
export function createsListenKey(args: Pick<SiteSpec, "serving">): boolean {
    return args.serving.kind === "eventhouse" && args.serving.eventstreamSource === "eventHubs" && args.serving.eventHubConnectionId === undefined;
}

/** Whose workspace roles the site assigns so the edge may write to an Eventstream custom endpoint: the AIO identity's, unless the platform granted them. */
export function workspaceWriters(args: Pick<SiteSpec, "serving" | "edge">): string[] {
    return args.serving.kind === "eventhouse" && args.serving.workspaceRolesGrantedBy === "platform" ? [] : [args.edge.identity.principalId];
}

/** The args with every omitted field set to its default (`SITE_DEFAULTS`); a value given is kept. */
export function withSiteDefaults(args: HybridSiteArgs): SiteSpec {
    const d = SITE_DEFAULTS;
    const { edge, eventHubs = {}, archive = {}, serving, dr = {}, network = {} } = args;
    const capture = eventHubs.capture ?? {};
    const lifecycle = archive.lifecycle ?? {};
    return {
        ...args,
        tags: args.tags ?? { ...d.tags },
        edge: {
            ...edge,
            identity: { ...edge.identity, type: edge.identity.type ?? d.edge.identityType },
            hot: { tags: edge.hot?.tags ?? [...d.edge.hot.tags], filters: edge.hot?.filters ?? [...d.edge.hot.filters] },
            cold: { ...edge.cold, enabled: edge.cold?.enabled ?? d.edge.cold.enabled, volumeSizeGi: edge.cold?.volumeSizeGi ?? d.edge.cold.volumeSizeGi, delivery: edge.cold?.delivery ?? { ...d.edge.cold.delivery } },
            dataflowInstances: edge.dataflowInstances ?? d.edge.dataflowInstances,
        },
        eventHubs: {
            ...eventHubs,
            sku: eventHubs.sku ?? d.eventHubs.sku,
            hubName: eventHubs.hubName ?? d.eventHubs.hubName,
            partitions: eventHubs.partitions ?? d.eventHubs.partitions,
            retentionDays: eventHubs.retentionDays ?? d.eventHubs.retentionDays,
            capture: {
                ...capture,
                enabled: capture.enabled ?? d.eventHubs.capture.enabled,
                intervalSeconds: capture.intervalSeconds ?? d.eventHubs.capture.intervalSeconds,
                sizeLimitBytes: capture.sizeLimitBytes ?? d.eventHubs.capture.sizeLimitBytes,
            },
        },
        archive: {
            ...archive,
            redundancy: archive.redundancy ?? d.archive.redundancy,
            containers: archive.containers ?? {},
            lifecycle: {
                coolAfterDays: lifecycle.coolAfterDays ?? d.archive.lifecycle.coolAfterDays,
                coldAfterDays: lifecycle.coldAfterDays ?? d.archive.lifecycle.coldAfterDays,
                // `null` is a value (skip the step), so only an omitted key takes the default.
                archiveAfterDays: lifecycle.archiveAfterDays === undefined ? d.archive.lifecycle.archiveAfterDays : lifecycle.archiveAfterDays,
                deleteAfterDays: lifecycle.deleteAfterDays === undefined ? d.archive.lifecycle.deleteAfterDays : lifecycle.deleteAfterDays,
            },
            export: { enabled: archive.export?.enabled ?? exportByDefault(args), deployerPrincipalType: archive.export?.deployerPrincipalType ?? d.archive.export.deployerPrincipalType },
        },
        serving:
            serving.kind === "eventhouse"
                ? {
                      ...serving,
                      databaseName: serving.databaseName ?? d.serving.databaseName,
                      apiBaseUrl: serving.apiBaseUrl ?? d.serving.apiBaseUrl,
                      eventstreamSource: serving.eventstreamSource ?? eventstreamSourceByDefault(serving),
                      workspaceRolesGrantedBy: serving.workspaceRolesGrantedBy ?? d.serving.workspaceRolesGrantedBy,
                  }
                : { ...serving, databaseName: serving.databaseName ?? d.serving.databaseName, skuName: serving.skuName ?? d.serving.adxSkuName, capacity: serving.capacity ?? d.serving.adxCapacity },
        dr: { ...dr, enabled: dr.enabled ?? d.dr.enabled, allowUnpairedRegion: dr.allowUnpairedRegion ?? d.dr.allowUnpairedRegion, standbyDatabase: dr.standbyDatabase ?? d.dr.standbyDatabase },
        network: { ...network, publicNetworkAccess: network.publicNetworkAccess ?? d.network.publicNetworkAccess },
    };
}
