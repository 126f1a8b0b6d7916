/**
 * `PlatformWorkspace`: the Fabric workspace every site's Fabric items live in, created or adopted by
 * id, moved onto the platform's capacity, with a workspace identity and the role assignments the
 * sites need: deployers (Contributor or more, to create items) and the AIO managed identities that
 * write to an Eventstream custom endpoint (Contributor on the workspace, the authorization that
 * endpoint checks: https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/howto-configure-fabric-real-time-intelligence).
 * Roles: https://learn.microsoft.com/fabric/fundamentals/roles-workspaces
 */
import * as pulumi from "@pulumi/pulumi";
import { FabricCapacityAssignment, FabricWorkspace, FabricWorkspaceIdentity, FabricWorkspaceRoleAssignment, PRINCIPAL_TYPES, WORKSPACE_ROLES } from "../../providers/fabric";
import type { PrincipalType, WorkspaceRole } from "../../providers/fabric";
import { Problems, type Problem, ValidationError } from "../validation";
import { GUID } from "../../kusto/text";

/** One principal's role in the workspace. */
export interface WorkspaceRoleGrant {
    /** Entra object id (for a managed identity: its principal id). */
    principalId: string;
    /** Defaults to `ServicePrincipal` (service principals and managed identities). */
    principalType?: PrincipalType;
    /** `Admin`, `Member`, `Contributor` or `Viewer`. */
    role: WorkspaceRole;
    /** Short label naming the grant in resource names and messages, e.g. `deployer` or `aio-site01`. */
    name: string;
}

export interface PlatformWorkspaceArgs {
    /** Adopt this workspace (GUID). Exactly one of `workspaceId` and `displayName`. */
    workspaceId?: string;
    /** Create a workspace with this display name. */
    displayName?: string;
    /** Description of a created workspace. Defaults to "". */
    description?: string;
    /** Display name of the capacity to move the workspace to (for an Azure-created capacity, its resource name). */
    capacityName: pulumi.Input<string>;
    /** Provision the workspace identity. Defaults to true. */
    identity?: boolean;
    /** Role assignments. Defaults to none. */
    roles?: WorkspaceRoleGrant[];
    /** Fabric REST base URL. Defaults to `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: string;
}

const LABEL = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Every problem with the args, each naming the arg and the rule. Pure. */
export function validatePlatformWorkspaceArgs(args: PlatformWorkspaceArgs): Problem[] {
    const problems = new Problems("PlatformWorkspace");
    problems.require((args.workspaceId === undefined) !== (args.displayName === undefined), "workspaceId", "give exactly one of workspaceId (adopt) and displayName (create)");
    if (args.workspaceId !== undefined) {
        problems.require(GUID.test(args.workspaceId), "workspaceId", `must be a workspace GUID, got "${args.workspaceId}"`);
    }
    if (args.displayName !== undefined) {
        problems.require(args.displayName.length >= 1 && args.displayName.length <= 256, "displayName", "must be 1 to 256 characters");
    }
    const seen = new Map<string, number>();
    (args.roles ?? []).forEach((grant, i) => {
        const path = `roles[${i}]`;
        problems.require(GUID.test(grant.principalId), `${path}.principalId`, `must be an Entra object id (uuid), got "${grant.principalId}"`);
        problems.require((WORKSPACE_ROLES as readonly string[]).includes(grant.role), `${path}.role`, `must be one of ${WORKSPACE_ROLES.join(", ")}, got "${grant.role}"`);
        problems.require(grant.principalType === undefined || (PRINCIPAL_TYPES as readonly string[]).includes(grant.principalType), `${path}.principalType`, `must be one of ${PRINCIPAL_TYPES.join(", ")}`);
        problems.require(LABEL.test(grant.name), `${path}.name`, `must be 1-40 lowercase letters, digits and hyphens, got "${grant.name}"`);
        const first = seen.get(grant.principalId.toLowerCase());
        // A principal holds one role per workspace (the API refuses a second).
        problems.require(first === undefined, `${path}.principalId`, `already has a role in roles[${first}]; a principal holds one workspace role`);
        seen.set(grant.principalId.toLowerCase(), i);
    });
    return [...problems.all];
}

/** A Fabric workspace on a capacity, with identity and roles. Type token `edge-fabric:platform:PlatformWorkspace`. */
export class PlatformWorkspace extends pulumi.ComponentResource {
    readonly workspaceId: pulumi.Output<string>;
    /** Fabric capacity id (GUID) the workspace is on. */
    readonly capacityGuid: pulumi.Output<string>;
    /** Object id of the workspace identity's service principal; undefined when `identity` is false. */
    readonly identityPrincipalId?: pulumi.Output<string>;

    constructor(name: string, args: PlatformWorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
        ValidationError.throwIfAny(`PlatformWorkspace "${name}"`, validatePlatformWorkspaceArgs(args));
        super("edge-fabric:platform:PlatformWorkspace", name, {}, opts);
        const apiBaseUrl = args.apiBaseUrl;
        this.workspaceId =
            args.workspaceId !== undefined
                ? pulumi.output(args.workspaceId)
                : new FabricWorkspace(name, { displayName: args.displayName as string, description: args.description ?? "", apiBaseUrl }, { parent: this }).workspaceId;
        const assignment = new FabricCapacityAssignment(`${name}-capacity`, { workspaceId: this.workspaceId, capacityName: args.capacityName, apiBaseUrl }, { parent: this });
        this.capacityGuid = assignment.assignedCapacityId;
        if (args.identity ?? true) {
            // A workspace identity needs the workspace on a Fabric capacity: after the move.
            const identity = new FabricWorkspaceIdentity(`${name}-identity`, { workspaceId: this.workspaceId, apiBaseUrl }, { parent: this, dependsOn: [assignment] });
            this.identityPrincipalId = identity.servicePrincipalId;
        }
        for (const grant of args.roles ?? []) {
            new FabricWorkspaceRoleAssignment(`${name}-${grant.name}`, { workspaceId: this.workspaceId, principalId: grant.principalId, principalType: grant.principalType ?? "ServicePrincipal", role: grant.role, apiBaseUrl }, { parent: this });
        }
        this.registerOutputs({ workspaceId: this.workspaceId, capacityGuid: this.capacityGuid, identityPrincipalId: this.identityPrincipalId });
    }
}
