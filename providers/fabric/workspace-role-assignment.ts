/**
 * Fabric workspace role assignments (`specs/fabric/platform/swagger.json`, `Workspaces_*WorkspaceRoleAssignment*`):
 * `POST /workspaces/{id}/roleAssignments` answers 201 with the assignment (its id is the principal's
 * id in the spec's examples), `PATCH .../roleAssignments/{id}` changes the role, `DELETE` removes it,
 * the list is paged. Not long-running.
 *
 * A principal holds at most one role in a workspace: adding a second answers
 * `PrincipalAlreadyHasWorkspaceRolePermissions` (for example the service principal that created the
 * workspace, which Fabric makes Admin). The provider then adopts the existing assignment, sets the
 * declared role, and remembers the role it found, so a delete gives that role back instead of
 * removing access the stack never granted.
 *
 * Resource and import id: `<workspaceId>/<roleAssignmentId>`.
 * Roles: https://learn.microsoft.com/fabric/fundamentals/roles-workspaces
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { checkLimitInputs } from "../deadline";
import { FabricApiError, unlessNotFound } from "./errors";
import { GUID } from "../../kusto/text";
import { parseItemId } from "./items";
import type { FabricClientArgs, FabricResourceProvider } from "./items";

/** `WorkspaceRole` in `specs/fabric/common/definitions.json`. */
export const WORKSPACE_ROLES = ["Admin", "Member", "Contributor", "Viewer"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
/** `PrincipalType` values a role can be given to (`EntireTenant` is not one a workspace role takes). */
export const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ServicePrincipalProfile"] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** The error code of an add for a principal that already has a role in the workspace. */
export const PRINCIPAL_ALREADY_HAS_ROLE = "PrincipalAlreadyHasWorkspaceRolePermissions";

export interface WorkspaceRoleAssignmentInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    workspaceId: string;
    /** Entra object id of the user, group or service principal (a managed identity's principal id). */
    principalId: string;
    principalType: PrincipalType;
    role: WorkspaceRole;
}

export interface WorkspaceRoleAssignmentOutputs extends WorkspaceRoleAssignmentInputs {
    roleAssignmentId: string;
    /** The role the principal already had when create adopted its assignment; undefined when the stack added it. */
    adoptedRole?: WorkspaceRole;
}

/** `WorkspaceRoleAssignment` as the API returns it. */
interface AssignmentBody {
    id: string;
    principal: { id: string; type: string; displayName?: string };
    role: WorkspaceRole;
}

function defaults(inputs: WorkspaceRoleAssignmentInputs): WorkspaceRoleAssignmentInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API };
}

/** Problems with role-assignment inputs as `{ property, reason }`; empty when valid. Pure. */
export function validateRoleAssignment(inputs: Pick<WorkspaceRoleAssignmentInputs, "workspaceId" | "principalId" | "principalType" | "role">): { property: string; reason: string }[] {
    const failures: { property: string; reason: string }[] = [];
    for (const key of ["workspaceId", "principalId"] as const) {
        if (!GUID.test(inputs[key] ?? "")) {
            failures.push({ property: key, reason: `must be a GUID (an Entra object id for principalId), got "${inputs[key]}"` });
        }
    }
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(inputs.principalType)) {
        failures.push({ property: "principalType", reason: `must be one of ${PRINCIPAL_TYPES.join(", ")}, got "${inputs.principalType}"` });
    }
    if (!(WORKSPACE_ROLES as readonly string[]).includes(inputs.role)) {
        failures.push({ property: "role", reason: `must be one of ${WORKSPACE_ROLES.join(", ")}, got "${inputs.role}"` });
    }
    return failures;
}

/** The workspace role-assignment dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function workspaceRoleAssignmentProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<WorkspaceRoleAssignmentInputs, WorkspaceRoleAssignmentOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const collection = (workspaceId: string) => `/workspaces/${workspaceId}/roleAssignments`;
    const parse = (id: string) => {
        const { workspaceId, itemId } = parseItemId(id, "workspace role assignment", "roleAssignmentId");
        return { workspaceId, assignmentPath: `${collection(workspaceId)}/${itemId}`, roleAssignmentId: itemId };
    };
    const setRole = (client: FabricClient, path: string, role: WorkspaceRole) => client.patch<AssignmentBody>(path, { role });

    return {
        check(_olds, news) {
            const inputs = defaults(news);
            return Promise.resolve({ inputs, failures: [...validateRoleAssignment(inputs), ...checkLimitInputs(inputs)] });
        },

        diff(_id, olds, news) {
            // The API can change only the role; another workspace or principal is another assignment.
            const replaces = (["workspaceId", "principalId", "principalType"] as const).filter((k) => olds[k].toLowerCase() !== news[k].toLowerCase());
            return Promise.resolve({ changes: replaces.length > 0 || olds.role !== news.role, replaces, deleteBeforeReplace: false });
        },

        async create(raw) {
            const inputs = defaults(raw);
            const client = clientFor(inputs);
            const path = collection(inputs.workspaceId);
            try {
                const created = (await client.post<AssignmentBody>(path, { principal: { id: inputs.principalId, type: inputs.principalType }, role: inputs.role })).body;
                if (!created?.id) {
                    throw new Error(`Fabric API POST ${client.baseUrl}${path} returned no role assignment id`);
                }
                return { id: `${inputs.workspaceId}/${created.id}`, outs: { ...inputs, roleAssignmentId: created.id } };
            } catch (err) {
                if (!(err instanceof FabricApiError) || err.errorCode !== PRINCIPAL_ALREADY_HAS_ROLE) {
                    throw err;
                }
                const existing = (await client.list<AssignmentBody>(path)).find((a) => a.principal.id.toLowerCase() === inputs.principalId.toLowerCase());
                if (!existing) {
                    throw err.withHint(`The principal ${inputs.principalId} has a role in workspace ${inputs.workspaceId} that the role assignment list does not show; retry, or import it with { import: "${inputs.workspaceId}/<roleAssignmentId>" }.`);
                }
                if (existing.role !== inputs.role) {
                    await setRole(client, `${path}/${existing.id}`, inputs.role);
                }
                return { id: `${inputs.workspaceId}/${existing.id}`, outs: { ...inputs, roleAssignmentId: existing.id, adoptedRole: existing.role } };
            }
        },

        async read(id, props) {
            const { workspaceId, assignmentPath, roleAssignmentId } = parse(id);
            const live = await unlessNotFound(clientFor(props ?? {}).get<AssignmentBody>(assignmentPath));
            if (!live) {
                return {};
            }
            const inputs = defaults({ apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API, workspaceId, principalId: live.principal.id, principalType: live.principal.type as PrincipalType, role: live.role });
            return { id, props: { ...inputs, roleAssignmentId, adoptedRole: props?.adoptedRole }, inputs };
        },

        async update(id, olds, raw) {
            const news = defaults(raw);
            if (olds.role !== news.role) {
                await setRole(clientFor(news), parse(id).assignmentPath, news.role);
            }
            return { outs: { ...news, roleAssignmentId: olds.roleAssignmentId, adoptedRole: olds.adoptedRole } };
        },

        async delete(id, props) {
            const client = clientFor(props);
            const { assignmentPath } = parse(id);
            if (!props.adoptedRole) {
                await unlessNotFound(client.delete(assignmentPath));
            } else if (props.adoptedRole !== props.role) {
                // Access the stack found is given back as it was, never removed.
                await unlessNotFound(setRole(client, assignmentPath, props.adoptedRole));
            }
        },
    };
}

const defaultProvider = workspaceRoleAssignmentProvider();

export interface FabricWorkspaceRoleAssignmentArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
    /** Entra object id of the principal (for a managed identity: its principal id, not its client id). */
    principalId: pulumi.Input<string>;
    /** `User`, `Group`, `ServicePrincipal` (also managed identities) or `ServicePrincipalProfile`. */
    principalType: pulumi.Input<PrincipalType>;
    /** `Admin`, `Member`, `Contributor` or `Viewer`; changed in place. */
    role: pulumi.Input<WorkspaceRole>;
}

/**
 * A principal's role in a Fabric workspace. Type token
 * `pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment`; import id `<workspaceId>/<roleAssignmentId>`.
 */
export class FabricWorkspaceRoleAssignment extends pulumi.dynamic.Resource {
    declare readonly roleAssignmentId: pulumi.Output<string>;
    declare readonly adoptedRole: pulumi.Output<WorkspaceRole | undefined>;

    constructor(name: string, args: FabricWorkspaceRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { apiBaseUrl: undefined, ...args, roleAssignmentId: undefined, adoptedRole: undefined }, opts, "fabric", "WorkspaceRoleAssignment");
    }
}
