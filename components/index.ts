// Public exports of the edge-fabric component library.
export * from "./cloud/eventhubs";
export * from "./cloud/archive";
export * from "./cloud/disaster-recovery";
export { type PrincipalRef } from "./cloud/roles";
export { sizeEventHubs, type TelemetryProfile, type SizingOptions, type EventHubsSizing } from "./cloud/rules/sizing";
export { validateLifecycle, renderLifecyclePolicy, type LifecycleRule } from "./cloud/rules/lifecycle";
export { RuleViolation, type Problem } from "./cloud/rules/problems";
