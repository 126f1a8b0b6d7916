/** Public exports of the edge-fabric component library. */
export { Eventhouse, validateEventhouseArgs } from "./cloud/eventhouse";
export type { EventhouseArgs, EventhouseEventstreamArgs, EventhouseWorkspaceArgs } from "./cloud/eventhouse";
export { AdxDatabase, validateAdxDatabaseArgs, parseClusterId, receiverRoleDefinitionId, EVENT_HUBS_DATA_RECEIVER } from "./cloud/adx-database";
export type { AdxDatabaseArgs, AdxClusterArgs, AdxExistingClusterArgs, AdxEventHubConnectionArgs } from "./cloud/adx-database";
export { BRONZE_MAPPING, BRONZE_TABLE } from "./cloud/kql-target";
export type { KqlDatabaseTarget } from "./cloud/kql-target";
