// Public exports of the edge-fabric component library. Keep additive: one block per area.

// edge: AIO dataflows and ACSA edge volumes
export { AioDataflows, type AioDataflowsArgs } from "./edge/aioDataflows";
export { EdgeVolume, type EdgeVolumeArgs } from "./edge/edgeVolume";
export { AIO_API, type AioApiCapabilities } from "./edge/aioApi";
export * from "./edge/dataflowModel";
export * from "./edge/edgeVolumeModel";
export { EdgeValidationError, type Issue } from "./edge/rules";

// cloud: Event Hubs, archive, disaster recovery
export * from "./cloud/eventhubs";
export * from "./cloud/archive";
export * from "./cloud/disaster-recovery";
export { type PrincipalRef } from "./cloud/roles";
export { sizeEventHubs, type TelemetryProfile, type SizingOptions, type EventHubsSizing } from "./cloud/rules/sizing";
export { validateLifecycle, renderLifecyclePolicy, type LifecycleRule } from "./cloud/rules/lifecycle";
export { RuleViolation, type Problem } from "./cloud/rules/problems";
