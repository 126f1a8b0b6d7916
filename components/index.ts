// Public exports of the edge-fabric component library.
export {
    EventHubsIngestion,
    EVENT_HUBS_DEFAULTS,
    type EventHubsIngestionArgs,
    type IngestionHubArgs,
    type CaptureArgs,
    type ExistingNamespaceArgs,
    type NamespaceSettings,
    type PublicNetworkAccess,
} from "./cloud/eventhubs";
export { ArchiveStorage, ARCHIVE_DEFAULTS, type ArchiveStorageArgs, type ArchiveSku, type ArchiveContainer, type ArchiveImmutabilityArgs } from "./cloud/archive";
export { DisasterRecovery, DISASTER_RECOVERY_DEFAULTS, type DisasterRecoveryArgs, type StandbyContext, type StandbyDatabase } from "./cloud/disaster-recovery";
export { type PrincipalRef } from "./cloud/roles";
export { sizeEventHubs, SIZING_DEFAULTS, type TelemetryProfile, type SizingOptions, type EventHubsSizing } from "./cloud/rules/sizing";
export { validateLifecycle, renderLifecyclePolicy, type LifecycleRule, type LifecycleContext } from "./cloud/rules/lifecycle";
export { EVENT_HUBS_LIMITS, TIER_MINIMUM_DAYS, ROLES, type EventHubsSku } from "./cloud/rules/limits";
export { RuleViolation, type Problem } from "./cloud/rules/problems";
