/**
 * The public API of edge-fabric (`import { … } from "edge-fabric"`): an explicit list, one block per
 * area. What is not listed here is internal: the repository imports it by path and may change it in
 * any release. `api/edge-fabric.api.md` records this surface (regenerate it with
 * `npm run api:report`); a change to it shows there in review.
 */

// site: one stack per site, edge to serving layer
export { HybridSite } from "./site";
export type {
    HybridSiteArgs,
    SiteEdgeArgs,
    SiteEdgeDelivery,
    SiteAsset,
    SiteEventHubsArgs,
    SiteArchiveArgs,
    SiteEventhouseArgs,
    SiteAdxArgs,
    SiteFabricStandbyArgs,
    SiteNetworkArgs,
} from "./site-args";

// validation: every component's props problems, thrown together before anything is registered
export { ValidationError, type Problem } from "./validation";

// edge: AIO dataflows and the ACSA edge volume of the cold path, applied directly or through GitOps
export { AioDataflows, type AioDataflowsArgs } from "./edge/aio-dataflows";
export { EdgeVolume, type EdgeVolumeArgs } from "./edge/edge-volume";
export { EdgeVolumeGitOps, type EdgeVolumeGitOpsArgs } from "./edge/edge-volume-gitops";
export type { GitOpsDelivery } from "./edge/gitops-plan";

// cloud: Event Hubs, archive, disaster recovery
export { EventHubsIngestion, type EventHubsIngestionArgs } from "./cloud/eventhubs";
export { ArchiveStorage, type ArchiveStorageArgs, type ArchiveContainer } from "./cloud/archive";
export { DisasterRecovery, type DisasterRecoveryArgs, type DisasterRecoveryPrimary } from "./cloud/disaster-recovery";
export type { PrincipalRef } from "./cloud/roles";

// KQL database: Fabric Eventhouse or Azure Data Explorer, and the medallion schema applied to it
export { Eventhouse, type EventhouseArgs } from "./cloud/eventhouse";
export { AdxDatabase, type AdxDatabaseArgs } from "./cloud/adx-database";
export { MedallionSchema, type MedallionSchemaArgs } from "./cloud/medallion";
export { KqlDatabaseSchema, type KqlDatabaseSchemaArgs } from "../providers/kusto/provider";
export type { SchemaModel, CacheStore } from "../kusto";

// serving: Real-Time Dashboard, Activator alerts, batch Lakehouse (Fabric)
export { RealTimeDashboard, type RealTimeDashboardArgs } from "./serving/real-time-dashboard";
export type { DashboardSpec, DashboardTile } from "./serving/dashboard";
export type { MedallionDashboardOptions } from "./serving/medallion-dashboard";
export { Alerts, type AlertsArgs } from "./serving/alerts";
export type { TemperatureAlertRule } from "./serving/temperature-alert";
export { BatchLakehouse, type BatchLakehouseArgs } from "./serving/batch-lakehouse";

// platform: the stack every site stands on (Fabric capacity, workspace with identity and roles, the output contract sites read)
export { FabricCapacity, type FabricCapacityArgs } from "./platform/fabric-capacity";
export { PlatformWorkspace, type PlatformWorkspaceArgs, type WorkspaceRoleGrant } from "./platform/platform-workspace";
export { SharedAdxCluster, type SharedAdxClusterArgs } from "./platform/shared-adx-cluster";
export type { PlatformOutputs } from "./platform/contract";
