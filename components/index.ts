// Public exports of the edge-fabric component library. Keep additive: one block per area.

// validation: every component's props problems, thrown together before anything is registered
export { ValidationError, Problems, joinPath, type Problem } from "./validation";

// edge: AIO dataflows and ACSA edge volumes
export { AioDataflows, type AioDataflowsArgs } from "./edge/aio-dataflows";
export { EdgeVolume, type EdgeVolumeArgs } from "./edge/edge-volume";
export { AIO_API, type AioApiCapabilities } from "./edge/aio-api";
export * from "./edge/dataflow-model";
export * from "./edge/edge-volume-model";

// cloud: Event Hubs, archive, disaster recovery
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

// cloud: medallion schema applied to a live database
export { MedallionSchema, sitePolicyScript, defaultLayerObjects, SITE_POLICIES_PATH, type MedallionSchemaArgs, type MedallionArchiveExportArgs, type LayerRetention, type MedallionLayer, type MedallionObject } from "./cloud/medallion";
export { KqlDatabaseSchema, type KqlDatabaseSchemaArgs } from "../providers/kusto/provider";

// cloud: KQL database backends (Fabric Eventhouse, Azure Data Explorer)
export { Eventhouse, validateEventhouseArgs } from "./cloud/eventhouse";
export type { EventhouseArgs, EventhouseEventstreamArgs, EventhouseWorkspaceArgs } from "./cloud/eventhouse";
export { AdxDatabase, validateAdxDatabaseArgs, parseClusterId, receiverRoleDefinitionId, EVENT_HUBS_DATA_RECEIVER } from "./cloud/adx-database";
export type { AdxDatabaseArgs, AdxClusterArgs, AdxExistingClusterArgs, AdxEventHubConnectionArgs } from "./cloud/adx-database";
export { BRONZE_MAPPING, BRONZE_TABLE } from "./cloud/kql-target";
export type { KqlDatabaseTarget } from "./cloud/kql-target";

// serving: Real-Time Dashboard, Activator alerts, batch Lakehouse
export * from "./serving";

// edge delivery: GitOps (Flux) alternative to the direct Kubernetes path
export { EdgeVolumeGitOps, type EdgeVolumeGitOpsArgs } from "./edge/edge-volume-gitops";
export {
    renderEdgeVolumeManifests,
    planFluxConfiguration,
    gitopsFolder,
    GENERATED_HEADER,
    KUSTOMIZATION_NAME,
    type ManifestFiles,
    type GitOpsDelivery,
    type GitRepositoryDescription,
    type GitAuth,
    type KustomizationSettings,
    type FluxExtensionSettings,
    type FluxPlan,
} from "./edge/gitops-model";

// site: one stack per site
export { HybridSite } from "./site";
export { SERVING_CONSUMER_GROUP, PUBLIC_ACCESS_TAG } from "./site-naming";
export type { HybridSiteArgs, SiteEdgeArgs, SiteEventHubsArgs, SiteArchiveArgs, SiteEventhouseArgs, SiteAdxArgs, SiteAsset } from "./site-args";
export type { DataPath } from "./site-data-path";
