/** Fabric REST client and the dynamic providers built on it. */
export { FabricClient, DEFAULT_FABRIC_API, FABRIC_SCOPE, FABRIC_TOKEN_ENV, newFabricStats, parseRetryAfter } from "./client";
export type { FabricClientOptions, FabricStats, FabricResponse, WaitReason } from "./client";
export { FabricApiError, FabricTimeoutError, isNotFound, unlessNotFound } from "./errors";
export type { FabricErrorBody, FabricErrorDetail } from "./errors";
export { databaseDefinition, eventstreamTopology, jsonPart, readJsonPart } from "./definitions";
export type { DefinitionPart, ItemDefinition } from "./definitions";
export { parseItemId } from "./items";
export type { FabricItem, FabricItemInputs, FabricItemOutputs, FabricResourceProvider } from "./items";
export { FabricWorkspace, workspaceProvider } from "./workspace";
export type { FabricWorkspaceArgs, WorkspaceInputs, WorkspaceOutputs } from "./workspace";
export { EventhouseItem, eventhouseProvider, MINIMUM_CONSUMPTION_STEPS, validateMinimumConsumption } from "./eventhouse";
export type { EventhouseItemArgs, EventhouseInputs, EventhouseOutputs } from "./eventhouse";
export { KqlDatabaseItem, kqlDatabaseProvider } from "./kql-database";
export type { KqlDatabaseItemArgs, KqlDatabaseInputs, KqlDatabaseOutputs } from "./kql-database";
export { EventstreamItem, eventstreamProvider } from "./eventstream";
export type { EventstreamItemArgs, EventstreamInputs, EventstreamOutputs } from "./eventstream";
export { FabricWorkspaceRoleAssignment, workspaceRoleAssignmentProvider, validateRoleAssignment, WORKSPACE_ROLES, PRINCIPAL_TYPES, PRINCIPAL_ALREADY_HAS_ROLE } from "./workspace-role-assignment";
export type { FabricWorkspaceRoleAssignmentArgs, WorkspaceRoleAssignmentInputs, WorkspaceRoleAssignmentOutputs, WorkspaceRole, PrincipalType } from "./workspace-role-assignment";
