/**
 * A workspace's Fabric capacity (`specs/fabric/platform/swagger.json`: `Workspaces_AssignToCapacity`,
 * `Capacities_ListCapacities`, `Capacities_GetCapacity`).
 *
 * - `POST /workspaces/{id}/assignToCapacity` answers 202 without an operation to follow; the workspace
 *   reports the move itself in `capacityAssignmentProgress` (`InProgress`, `Completed`, `Failed`), so
 *   the provider polls `GET /workspaces/{id}` until it leaves `InProgress`, as
 *   terraform-provider-fabric does (`internal/services/workspace/resource_workspace.go`).
 * - The capacity is named by its Fabric id (GUID) or by its display name, which for a capacity made
 *   in Azure is its Azure resource name (`Microsoft.Fabric/capacities/{name}`); the name is resolved
 *   through `GET /capacities`. A capacity that is not `Active` (paused) is refused before the move:
 *   items of a workspace on an inactive capacity cannot be reached.
 * - Delete moves the workspace back to the capacity it was on before, if any; otherwise it leaves
 *   it where it is, because "workspaces with Fabric items (non-PowerBI) cannot be unassigned from
 *   capacity" (`Workspaces_UnassignFromCapacity`).
 *
 * Resource and import id: the workspace id.
 * Capacities: https://learn.microsoft.com/fabric/enterprise/licenses#capacity
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_FABRIC_API, clientForInputs } from "./client";
import type { FabricClient, FabricClientInputs } from "./client";
import type { FabricClientOptions } from "./client-options";
import { checkLimitInputs } from "../deadline";
import { unlessNotFound } from "./errors";
import { GUID } from "../../kusto/text";
import type { FabricClientArgs, FabricResourceProvider } from "./items";

/** `Capacity` in `specs/fabric/platform/definitions/platform.json`. */
export interface FabricCapacityInfo {
    id: string;
    displayName: string;
    sku: string;
    region: string;
    /** `Active` or `Inactive` (paused); more may be added. */
    state: string;
}

export interface CapacityAssignmentInputs extends FabricClientInputs {
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl: string;
    workspaceId: string;
    /** Fabric capacity id (GUID). Exactly one of `capacityId` and `capacityName`. */
    capacityId?: string;
    /** Capacity display name (for a capacity created in Azure, its resource name). */
    capacityName?: string;
    /** Poll interval while the move is `InProgress`, in ms. Default 5000. */
    pollMs?: number;
}

export interface CapacityAssignmentOutputs extends CapacityAssignmentInputs {
    /** The capacity the workspace is on (the resolved GUID). */
    assignedCapacityId: string;
    /** The capacity the workspace was on before the stack moved it; delete moves it back. */
    previousCapacityId?: string;
}

interface WorkspaceState {
    capacityId?: string;
    capacityAssignmentProgress?: string;
}

/** Polls before a move still `InProgress` is reported as unfinished (with the default interval, 10 minutes). */
const MAX_POLLS = 120;

function defaults(inputs: CapacityAssignmentInputs): CapacityAssignmentInputs {
    return { ...inputs, apiBaseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API };
}

/** Problems with capacity-assignment inputs as `{ property, reason }`; empty when valid. Pure. */
export function validateCapacityAssignment(inputs: CapacityAssignmentInputs): { property: string; reason: string }[] {
    const failures: { property: string; reason: string }[] = [];
    if (!GUID.test(inputs.workspaceId ?? "")) {
        failures.push({ property: "workspaceId", reason: `must be a workspace GUID, got "${inputs.workspaceId}"` });
    }
    if ((inputs.capacityId === undefined) === (inputs.capacityName === undefined)) {
        failures.push({ property: "capacityId", reason: "give exactly one of capacityId (the Fabric capacity GUID) and capacityName (its display name)" });
    } else if (inputs.capacityId !== undefined && !GUID.test(inputs.capacityId)) {
        failures.push({ property: "capacityId", reason: `must be a capacity GUID, got "${inputs.capacityId}"` });
    }
    return failures;
}

/** The capacity named by id or display name; refuses one that is missing or not `Active`, saying what to do. */
export async function resolveCapacity(client: FabricClient, target: { capacityId?: string; capacityName?: string }): Promise<FabricCapacityInfo> {
    const all = await client.list<FabricCapacityInfo>("/capacities");
    const found = target.capacityId ? all.find((c) => c.id.toLowerCase() === target.capacityId?.toLowerCase()) : all.find((c) => c.displayName === target.capacityName);
    const named = target.capacityId ? `id ${target.capacityId}` : `name "${target.capacityName}"`;
    if (!found) {
        const known = all.map((c) => c.displayName).join(", ") || "none";
        throw new Error(`Fabric capacity with ${named} is not among the capacities this identity can see (${known}); check the name, and make the deployer a capacity administrator or contributor`);
    }
    if (found.state !== "Active") {
        throw new Error(`Fabric capacity "${found.displayName}" (${found.id}) is ${found.state}; resume it (Azure portal, or az fabric capacity resume) before assigning a workspace to it`);
    }
    return found;
}

/** Moves a workspace to a capacity and waits until the workspace reports the move `Completed`. */
export async function assignToCapacity(client: FabricClient, workspaceId: string, capacityId: string, pollMs = 5000): Promise<void> {
    await client.post(`/workspaces/${workspaceId}/assignToCapacity`, { capacityId }, { operation: false, result: false });
    await waitForCapacityAssignment(client, workspaceId, pollMs);
}

/** Polls `capacityAssignmentProgress` until it is no longer `InProgress`; `Failed` is an error. */
export async function waitForCapacityAssignment(client: FabricClient, workspaceId: string, pollMs = 5000): Promise<void> {
    for (let poll = 0; poll < MAX_POLLS; poll += 1) {
        const ws = await client.get<WorkspaceState>(`/workspaces/${workspaceId}`);
        if (ws.capacityAssignmentProgress === "Failed") {
            throw new Error(`Fabric workspace ${workspaceId}: the capacity assignment failed (capacityAssignmentProgress Failed); check the capacity's region and state, then run pulumi up again`);
        }
        if (ws.capacityAssignmentProgress !== "InProgress") {
            return;
        }
        await client.pause(pollMs);
    }
    throw new Error(`Fabric workspace ${workspaceId}: the capacity assignment was still InProgress after ${MAX_POLLS} polls; run pulumi refresh, then pulumi up again`);
}

/** The capacity-assignment dynamic provider; `options` configure its Fabric client (token, delays, stats). */
export function capacityAssignmentProvider(options: Omit<FabricClientOptions, "baseUrl"> = {}): FabricResourceProvider<CapacityAssignmentInputs, CapacityAssignmentOutputs> {
    const clientFor = (inputs: FabricClientInputs) => clientForInputs(options, inputs);
    const apply = async (inputs: CapacityAssignmentInputs, current: string | undefined): Promise<string> => {
        const client = clientFor(inputs);
        const capacity = await resolveCapacity(client, inputs);
        if (current?.toLowerCase() !== capacity.id.toLowerCase()) {
            await assignToCapacity(client, inputs.workspaceId, capacity.id, inputs.pollMs);
        }
        return capacity.id;
    };

    return {
        check(_olds, news) {
            const inputs = defaults(news);
            return Promise.resolve({ inputs, failures: [...validateCapacityAssignment(inputs), ...checkLimitInputs(inputs)] });
        },

        diff(_id, olds, news) {
            const replaces = olds.workspaceId.toLowerCase() !== news.workspaceId.toLowerCase() ? ["workspaceId"] : [];
            const changes = replaces.length > 0 || (["capacityId", "capacityName"] as const).some((k) => (olds[k] ?? "") !== (news[k] ?? ""));
            return Promise.resolve({ changes, replaces, deleteBeforeReplace: false });
        },

        async create(raw) {
            const inputs = defaults(raw);
            const ws = await clientFor(inputs).get<WorkspaceState>(`/workspaces/${inputs.workspaceId}`);
            const assignedCapacityId = await apply(inputs, ws.capacityId);
            return { id: inputs.workspaceId, outs: { ...inputs, assignedCapacityId, previousCapacityId: ws.capacityId } };
        },

        async read(id, props) {
            const ws = await unlessNotFound(clientFor(props ?? {}).get<WorkspaceState>(`/workspaces/${id}`));
            if (!ws?.capacityId) {
                return {};
            }
            // A move made outside the stack shows up as drift of the assigned capacity.
            const inputs = defaults({ apiBaseUrl: props?.apiBaseUrl ?? DEFAULT_FABRIC_API, requestTimeoutSeconds: props?.requestTimeoutSeconds, deadlineSeconds: props?.deadlineSeconds, workspaceId: id, capacityId: props?.capacityName === undefined ? ws.capacityId : undefined, capacityName: props?.capacityName, pollMs: props?.pollMs });
            return { id, props: { ...inputs, assignedCapacityId: ws.capacityId, previousCapacityId: props?.previousCapacityId }, inputs };
        },

        async update(_id, olds, raw) {
            const news = defaults(raw);
            const assignedCapacityId = await apply(news, olds.assignedCapacityId);
            return { outs: { ...news, assignedCapacityId, previousCapacityId: olds.previousCapacityId } };
        },

        async delete(id, props) {
            if (props.previousCapacityId && props.previousCapacityId.toLowerCase() !== props.assignedCapacityId.toLowerCase()) {
                const client = clientFor(props);
                await unlessNotFound(assignToCapacity(client, id, props.previousCapacityId, props.pollMs));
            }
        },
    };
}

const defaultProvider = capacityAssignmentProvider();

export interface FabricCapacityAssignmentArgs extends FabricClientArgs {
    workspaceId: pulumi.Input<string>;
    /** Fabric capacity id (GUID). Exactly one of `capacityId` and `capacityName`. */
    capacityId?: pulumi.Input<string>;
    /** Capacity display name; for a capacity created in Azure, its resource name (e.g. `FabricCapacity.name`). */
    capacityName?: pulumi.Input<string>;
    /** Poll interval while the move is in progress, in ms. Defaults to 5000. */
    pollMs?: pulumi.Input<number>;
}

/**
 * The capacity a Fabric workspace runs on. Type token `pulumi-nodejs:dynamic/fabric:CapacityAssignment`;
 * import id: the workspace id.
 */
export class FabricCapacityAssignment extends pulumi.dynamic.Resource {
    declare readonly assignedCapacityId: pulumi.Output<string>;
    declare readonly previousCapacityId: pulumi.Output<string | undefined>;

    constructor(name: string, args: FabricCapacityAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(defaultProvider, name, { apiBaseUrl: undefined, capacityId: undefined, capacityName: undefined, pollMs: undefined, ...args, assignedCapacityId: undefined, previousCapacityId: undefined }, opts, "fabric", "CapacityAssignment");
    }
}
