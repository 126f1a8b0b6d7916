/**
 * The published service limits the cloud components rely on, one place, each with its source.
 * Source keys: [EH-TIER] Event Hubs quotas and [EH-COMMON] common limits
 * (https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas), [EH-FEAT] tier features
 * (https://learn.microsoft.com/azure/event-hubs/compare-tiers), [AN] `@pulumi/azure-native` 3.28 API
 * descriptions (`eventhub/*.d.ts`, `storage/*.d.ts`), [ST-TIERS] blob access tiers
 * (https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview), [ST-LCM] lifecycle management
 * (https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview), [RBAC] built-in
 * roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). Where two sources disagree, the comment says
 * which one is used and why.
 */

export type EventHubsSku = "Standard" | "Premium";

export interface EventHubsTierLimits {
    /** Max throughput units (Standard) or processing units (Premium) per namespace. */
    readonly maxUnits: number;
    /** Max partitions per event hub. */
    readonly maxPartitionsPerHub: number;
    /** Max partitions per namespace and processing unit (Premium only). */
    readonly maxPartitionsPerUnit?: number;
    /** Max event hubs per namespace (Standard) or per processing unit (Premium, see `hubsPerUnit`). */
    readonly maxEventHubs: number;
    readonly hubsPerUnit: boolean;
    /** Max consumer groups per event hub, `$Default` included. */
    readonly maxConsumerGroups: number;
    /** Max retention in days. */
    readonly maxRetentionDays: number;
    /** Max size of one published event or batch, bytes. */
    readonly maxPublicationBytes: number;
    /** Whether auto-inflate applies (throughput units only). */
    readonly autoInflate: boolean;
    /** Planning ingress per unit: bytes per second and events per second (see sizing.ts). */
    readonly ingressBytesPerUnit: number;
    readonly ingressEventsPerUnit: number;
}

const MB = 1024 * 1024;

/**
 * Standard and Premium tier limits from the Learn quotas table ([EH-TIER], [EH-COMMON], [EH-FEAT]).
 * The azure-native descriptions say "0 to 20" TUs and "0 to 10" PUs ([AN]); the quotas table
 * (40 TUs, 16 PUs) is newer and is used here: the API descriptions are hints, not limits.
 * Premium has "no fixed limit" of throughput per processing unit; the Standard per-TU figures are used
 * as a conservative planning rate, so Premium sizing never under-provisions.
 */
export const EVENT_HUBS_LIMITS: Readonly<Record<EventHubsSku, EventHubsTierLimits>> = {
    Standard: {
        maxUnits: 40,
        maxPartitionsPerHub: 32,
        maxEventHubs: 10,
        hubsPerUnit: false,
        maxConsumerGroups: 20,
        maxRetentionDays: 7,
        maxPublicationBytes: 1 * MB,
        autoInflate: true,
        ingressBytesPerUnit: 1 * MB,
        ingressEventsPerUnit: 1000,
    },
    Premium: {
        maxUnits: 16,
        maxPartitionsPerHub: 100,
        maxPartitionsPerUnit: 200,
        maxEventHubs: 100,
        hubsPerUnit: true,
        maxConsumerGroups: 100,
        maxRetentionDays: 90,
        maxPublicationBytes: 1 * MB,
        autoInflate: false,
        ingressBytesPerUnit: 1 * MB,
        ingressEventsPerUnit: 1000,
    },
};

/** Where the Event Hubs tier limits come from, for error messages. */
export const EVENT_HUBS_LIMITS_SOURCE = "Event Hubs quotas, learn.microsoft.com/azure/event-hubs/event-hubs-quotas";

/** Capture window bounds ([AN] `CaptureDescriptionArgs`). */
export const CAPTURE_INTERVAL_SECONDS = { min: 60, max: 900 } as const;
export const CAPTURE_SIZE_BYTES = { min: 10_485_760, max: 524_288_000 } as const;
export const CAPTURE_SOURCE = "Event Hubs Capture window, azure-native CaptureDescriptionArgs";
/** Every token is mandatory in an archive name format, in any order ([AN] `DestinationArgs`). */
export const CAPTURE_NAME_TOKENS = ["{Namespace}", "{EventHub}", "{PartitionId}", "{Year}", "{Month}", "{Day}", "{Hour}", "{Minute}", "{Second}"] as const;

/** Name lengths ([EH-COMMON]): event hub ≤ 256; consumer group ≤ 50 for AMQP clients (Kafka allows 256). */
export const EVENT_HUB_NAME_MAX = 256;
export const CONSUMER_GROUP_NAME_MAX = 50;

/** Blob access tiers, in the order lifecycle moves a blob through them. */
export type BlobTier = "cool" | "cold" | "archive";

/**
 * Minimum days a blob should stay in a tier before it moves on or is deleted; leaving earlier is
 * billed as early deletion, prorated ([ST-TIERS]): cool 30, cold 90, archive 180 (GPv2).
 */
export const TIER_MINIMUM_DAYS: Readonly<Record<BlobTier, number>> = { cool: 30, cold: 90, archive: 180 };
export const TIERS_SOURCE = "blob access tiers, learn.microsoft.com/azure/storage/blobs/access-tiers-overview";

/** Lifecycle policy bounds ([ST-LCM]). */
export const LIFECYCLE_MAX_RULES = 100;
export const LIFECYCLE_RULE_NAME_MAX = 256;
export const LIFECYCLE_SOURCE = "lifecycle management, learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview";

/** Storage redundancy SKUs that can hold archive-tier blobs: LRS, GRS, RA-GRS only ([ST-TIERS], "Archive access tier"). */
export const ARCHIVE_CAPABLE_SKUS: readonly string[] = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS"];
/** Storage SKUs whose data is copied to the paired region. */
export const GEO_REDUNDANT_SKUS: readonly string[] = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

/** Soft-delete retention bounds, days ([AN] `DeleteRetentionPolicyArgs`). */
export const SOFT_DELETE_DAYS = { min: 1, max: 365 } as const;

/**
 * Built-in role definition GUIDs ([RBAC]; public Bicep samples have been seen with Sender and
 * Receiver swapped, so these were checked against the built-in roles page).
 */
export const ROLES = {
    eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
    eventHubsDataReceiver: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
    storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    storageBlobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
} as const;

export type RoleName = keyof typeof ROLES;
